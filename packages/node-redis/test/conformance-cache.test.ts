import type { NodeRedisStorage } from '@coatcheck/node-redis';
import { runConformanceSuite } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe } from 'vitest';
import { cachedStorage } from './cache-helpers.js';
import { type Combo, type Connected, connect, freshPrefix } from './helpers.js';
import { inspector } from './inspector.js';

// The whole contract again with the cache on and tracking up before each test: node-redis 6
// over RESP3 (its default) and node-redis 5 over RESP2, standalone and on the cluster.
const COMBOS: readonly Combo[] = [
  { version: 6, protocol: 3, topology: 'standalone' },
  { version: 5, protocol: 2, topology: 'standalone' },
  { version: 6, protocol: 3, topology: 'cluster' },
  { version: 5, protocol: 2, topology: 'cluster' },
];

describe.each(COMBOS)('node-redis $version, RESP$protocol, $topology, cache on', (combo) => {
  let connected: Connected;
  beforeAll(async () => {
    connected = await connect(combo);
  });
  afterAll(() => connected.close());

  runConformanceSuite({
    name: `NodeRedisStorage with cache (v${combo.version}, RESP${combo.protocol}, ${combo.topology})`,
    createStorage: () => cachedStorage(connected.client, freshPrefix()),
    disposeStorage: (storage) => (storage as NodeRedisStorage).close(),
    inspect: inspector(() => connected),
  });
});
