import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A real Chromium, redis-server and PBKDF2 at 600,000 iterations share two cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
