import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests start redis-server processes and a 3-master cluster; leave room for a loaded machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
