import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One standalone server and one 3-master cluster for the whole run (see test/global-setup.ts).
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
