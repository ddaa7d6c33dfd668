import { NodeRedisStorage } from '@coatcheck/node-redis';
import { commandsPerOperation, formatCommandCounts } from '@coatcheck/redis-testing';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Combo, type Connected, connect, freshPrefix } from './helpers.js';

const COMBOS: readonly Combo[] = [
  { version: 6, protocol: 3, topology: 'standalone' },
  { version: 6, protocol: 3, topology: 'cluster' },
  { version: 5, protocol: 2, topology: 'cluster' },
];

describe.each(COMBOS)(
  'node-redis $version, RESP$protocol, $topology: one client command per operation',
  (combo) => {
    let connected: Connected;
    beforeAll(async () => {
      connected = await connect(combo);
    });
    afterAll(() => connected.close());
    const ports = () =>
      combo.topology === 'standalone' ? [inject('standalonePort')] : inject('clusterPorts');

    it.each([1, 100])('for a user holding %i session(s), proved with MONITOR', async (held) => {
      const prefix = freshPrefix();
      const storage = new NodeRedisStorage(connected.client, { keyPrefix: prefix });
      const options = { storage, prefix, ports: ports(), held, metadata };
      // The first round loads the scripts on the user's master (EVALSHA, NOSCRIPT, EVAL where
      // it had none); the second is the steady state.
      // One user for both rounds, so the second runs on the master the first warmed up.
      const did = randomDid();
      const first = await commandsPerOperation({ ...options, did });
      const counts = await commandsPerOperation({ ...options, did });
      console.log(`${combo.topology}, ${held} held: ${formatCommandCounts(counts)}`);
      expect(Object.keys(counts)).toHaveLength(10);
      for (const [name, c] of Object.entries(counts)) {
        expect(c.client, name).toEqual(['evalsha']);
        expect(c.lua, `${name}: the script did its work on the server`).toBeGreaterThan(0);
        // Even a cold server costs one extra EVAL, never anything else.
        expect(['evalsha', 'evalsha,eval'], name).toContain(first[name]?.client.join(','));
      }
    });
  },
);
