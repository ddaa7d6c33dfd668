import { NodeRedisStorage } from '@coatcheck/node-redis';
import { beginSlotMigration, otherNodeThan, slotOf } from '@coatcheck/redis-testing';
import { runStepOnHalfMovedSlot, USER_STEPS } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { type Connected, connect, freshPrefix } from './helpers.js';

const cluster = () => ({ nodes: inject('clusterPorts').map((port) => ({ port })) });

// Each operation, run while the user's slot is half moved: the user's one key still on the
// source (which runs the script) or already on the target (the source answers ASK, which
// node-redis follows). Either way the whole step happens on one node, or not at all; and once
// the slot is handed over, the user's data reads back the same through the new owner.
describe.each([5, 6] as const)('node-redis %i cluster: a slot half moved', (version) => {
  let connected: Connected;
  beforeAll(async () => {
    connected = await connect({ version, protocol: version === 6 ? 3 : 2, topology: 'cluster' });
  });
  afterAll(() => connected.close());

  describe.each(['still on the source', 'already on the target'])('the user key %s', (where) => {
    it.each(USER_STEPS)('%s runs whole, on one node', (_name, step) =>
      runStepOnHalfMovedSlot({
        storage: new NodeRedisStorage(connected.client, { keyPrefix: freshPrefix() }),
        begin: async (key) =>
          beginSlotMigration(cluster(), slotOf(key), await otherNodeThan(cluster(), slotOf(key))),
        moved: where === 'already on the target',
        step,
      }),
    );
  });
});
