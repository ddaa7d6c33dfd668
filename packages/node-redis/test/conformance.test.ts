import { NodeRedisStorage } from '@coatcheck/node-redis';
import { runConformanceSuite } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe } from 'vitest';
import { type Combo, type Connected, connect, freshPrefix, TOPOLOGIES } from './helpers.js';

// The whole suite on every combination: node-redis 5 and 6, RESP2 and RESP3 (6's default),
// standalone and a 3-master cluster. It takes a few seconds in all.
const COMBOS: readonly Combo[] = ([5, 6] as const).flatMap((version) =>
  ([2, 3] as const).flatMap((protocol) =>
    TOPOLOGIES.map((topology) => ({ version, protocol, topology })),
  ),
);

describe.each(COMBOS)('node-redis $version, RESP$protocol, $topology', (combo) => {
  let connected: Connected;
  beforeAll(async () => {
    connected = await connect(combo);
  });
  afterAll(() => connected.close());

  runConformanceSuite({
    name: `NodeRedisStorage (v${combo.version}, RESP${combo.protocol}, ${combo.topology})`,
    createStorage: () => new NodeRedisStorage(connected.client, { keyPrefix: freshPrefix() }),
    inspect: {
      // PTTL runs on the server clock; move it onto the suite's clock.
      async recordTtlMs(storage, sessionId, now) {
        const ms = await connected.pttl((storage as NodeRedisStorage).keys.record(sessionId));
        if (ms === -2) return null;
        if (ms === -1) return Number.POSITIVE_INFINITY;
        const left = ms - (now - Date.now());
        return left > 0 ? left : null;
      },
    },
  });
});
