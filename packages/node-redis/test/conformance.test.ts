import { NodeRedisStorage } from '@coatcheck/node-redis';
import { runConformanceSuite } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe } from 'vitest';
import { type Combo, type Connected, connect, freshPrefix, TOPOLOGIES } from './helpers.js';
import { inspector } from './inspector.js';

// The whole suite on every combination: node-redis 5 and 6, RESP2 and RESP3 (6's default),
// standalone and a 3-master cluster; it takes a few seconds in all. Plus a client that hands
// strings over as Buffers (a `typeMapping`), which the runner turns back into strings.
const COMBOS: readonly Combo[] = [
  ...([5, 6] as const).flatMap((version) =>
    ([2, 3] as const).flatMap((protocol) =>
      TOPOLOGIES.map((topology) => ({ version, protocol, topology })),
    ),
  ),
  { version: 6, protocol: 3, topology: 'standalone', buffers: true },
];

describe.each(COMBOS)('node-redis $version, RESP$protocol, $topology', (combo) => {
  let connected: Connected;
  beforeAll(async () => {
    connected = await connect(combo);
  });
  afterAll(() => connected.close());

  runConformanceSuite({
    name: `NodeRedisStorage (v${combo.version}, RESP${combo.protocol}, ${combo.topology}${combo.buffers ? ', Buffer replies' : ''})`,
    createStorage: () => new NodeRedisStorage(connected.client, { keyPrefix: freshPrefix() }),
    inspect: inspector(() => connected),
  });
});
