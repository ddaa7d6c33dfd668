import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A real redis-server for the ioredis run of the suite (test/global-setup.ts).
    globalSetup: ['./test/global-setup.ts'],
  },
});
