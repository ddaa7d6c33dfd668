import { IoRedisStorage } from '@coatcheck/ioredis';
import { pttlInspector, runConformanceSuite } from '@coatcheck/storage-tests';
import { afterAll, describe } from 'vitest';
import { connect, freshPrefix, TOPOLOGIES } from './helpers.js';

describe.each(TOPOLOGIES)('%s', (topology) => {
  const client = connect(topology);
  afterAll(() => client.quit());

  runConformanceSuite({
    name: `IoRedisStorage (${topology})`,
    createStorage: () => new IoRedisStorage(client, { keyPrefix: freshPrefix() }),
    inspect: pttlInspector((storage, id) =>
      client.pttl((storage as IoRedisStorage).keys.record(id)),
    ),
  });
});
