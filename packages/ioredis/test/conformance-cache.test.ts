import type { IoRedisStorage } from '@coatcheck/ioredis';
import { runConformanceSuite } from '@coatcheck/storage-tests';
import { afterAll, describe } from 'vitest';
import { cachedStorage } from './cache-helpers.js';
import { connect, freshPrefix, inspector, TOPOLOGIES } from './helpers.js';

// The whole contract again with the cache on and tracking up before each test.
describe.each(TOPOLOGIES)('%s, cache on', (topology) => {
  const client = connect(topology);
  afterAll(() => client.quit());

  runConformanceSuite({
    name: `IoRedisStorage with cache (${topology})`,
    createStorage: () => cachedStorage(client, freshPrefix()),
    disposeStorage: (storage) => {
      process.stdout.write(`HITS ${(storage as IoRedisStorage).cache?.hits}\n`);
      return (storage as IoRedisStorage).close();
    },
    inspect: inspector(client, topology),
  });
});
