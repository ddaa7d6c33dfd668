import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A real redis-server for the ioredis run of the suite (test/global-setup.ts).
    globalSetup: ['./test/global-setup.ts'],
    // The ioredis run waits for @coatcheck/ioredis on the version 2 storage interface: once
    // it builds, add it as a devDependency and drop this line and the one in test/tsconfig.json.
    exclude: [...configDefaults.exclude, 'test/express-ioredis.test.ts'],
  },
});
