import { IoRedisStorage } from '@coatcheck/ioredis';
import { runConformanceSuite } from '@coatcheck/storage-tests';
import { afterAll, describe } from 'vitest';
import { connect, freshPrefix, inspector, TOPOLOGIES } from './helpers.js';

describe.each(TOPOLOGIES)('%s', (topology) => {
  const client = connect(topology);
  afterAll(() => client.quit());

  runConformanceSuite({
    name: `IoRedisStorage (${topology})`,
    createStorage: () => new IoRedisStorage(client, { keyPrefix: freshPrefix() }),
    inspect: inspector(client, topology),
  });
});
