import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // `next start` of the production build (made by the package's build task) takes a moment.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
