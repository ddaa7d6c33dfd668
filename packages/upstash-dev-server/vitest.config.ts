import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests start redis-server and node processes; leave room for a loaded CI machine.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
