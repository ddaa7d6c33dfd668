import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One standalone server and one 3-master cluster for the whole run, their ports provided
    // to the test files as `standalonePort` and `clusterPorts`.
    globalSetup: ['@coatcheck/redis-testing/global-setup'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
