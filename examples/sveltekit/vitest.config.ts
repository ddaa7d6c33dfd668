import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The adapter-node build (made by the package's build task) starts in a moment.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
