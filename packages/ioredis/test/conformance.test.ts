import { IoRedisStorage } from '@coatcheck/ioredis';
import { runConformanceSuite } from '@coatcheck/storage-tests';
import { afterAll, describe } from 'vitest';
import { connect, freshPrefix, TOPOLOGIES } from './helpers.js';

describe.each(TOPOLOGIES)('%s', (topology) => {
  const client = connect(topology);
  afterAll(() => client.quit());

  runConformanceSuite({
    name: `IoRedisStorage (${topology})`,
    createStorage: () => new IoRedisStorage(client, { keyPrefix: freshPrefix() }),
    inspect: {
      // PTTL runs on the server clock; move it onto the suite's clock.
      async recordTtlMs(storage, sessionId, now) {
        const ms = await client.pttl((storage as IoRedisStorage).keys.record(sessionId));
        if (ms === -2) return null;
        if (ms === -1) return Number.POSITIVE_INFINITY;
        const left = ms - (now - Date.now());
        return left > 0 ? left : null;
      },
    },
  });
});
