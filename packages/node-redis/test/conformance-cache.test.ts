import type { NodeRedisStorage } from '@coatcheck/node-redis';
import { sessionField, storedDeadline } from '@coatcheck/redis';
import { runConformanceSuite } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe } from 'vitest';
import { cachedStorage } from './cache-helpers.js';
import { type Combo, type Connected, connect, freshPrefix } from './helpers.js';

// The whole contract again with the cache on and tracking up before each test: node-redis 6
// over RESP3 (its default) and node-redis 5 over RESP2, standalone (the cache's only topology).
const COMBOS: readonly Combo[] = [
  { version: 6, protocol: 3, topology: 'standalone' },
  { version: 5, protocol: 2, topology: 'standalone' },
];

describe.each(COMBOS)('node-redis $version, RESP$protocol, cache on', (combo) => {
  let connected: Connected;
  beforeAll(async () => {
    connected = await connect(combo);
  });
  afterAll(() => connected.close());

  runConformanceSuite({
    name: `NodeRedisStorage with cache (v${combo.version}, RESP${combo.protocol})`,
    createStorage: () => cachedStorage(connected.client, freshPrefix()),
    disposeStorage: (storage) => (storage as NodeRedisStorage).close(),
    inspect: {
      async recordTtlMs(storage, sessionId, now) {
        const key = (storage as NodeRedisStorage).keys.bucket(sessionId);
        const connection = await connected.connectionFor(key);
        const [raw, ms] = await Promise.all([
          connection.send(['HGET', key, sessionField(sessionId)]),
          connected.pttl(key),
        ]);
        const deadline = storedDeadline(raw == null ? null : String(raw));
        if (deadline === null || ms === -2) return null;
        const keyLeft = ms === -1 ? Number.POSITIVE_INFINITY : ms - (now - Date.now());
        const left = Math.min(deadline - now, keyLeft);
        return left > 0 ? left : null;
      },
    },
  });
});
