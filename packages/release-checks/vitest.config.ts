import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Packs every published package once for all files.
    globalSetup: ['test/global-setup.ts'],
    // Installing a consumer project and running the TypeScript compiler over it take seconds,
    // not milliseconds; a hang still fails.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
