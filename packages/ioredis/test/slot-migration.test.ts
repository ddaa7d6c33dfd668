import { IoRedisStorage } from '@coatcheck/ioredis';
import { beginSlotMigration, otherNodeThan, slotOf } from '@coatcheck/redis-testing';
import { runStepOnHalfMovedSlot, USER_STEPS } from '@coatcheck/storage-tests';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { connect, freshPrefix } from './helpers.js';

const cluster = () => ({ nodes: inject('clusterPorts').map((port) => ({ port })) });

// Each operation, run while the user's slot is half moved: the user's one key still on the
// source (which runs the script) or already on the target (the source answers ASK and the
// client follows it). Either way the whole step happens on one node, or not at all.
describe('cluster: a slot half moved', () => {
  let client: Cluster;
  beforeAll(() => {
    client = connect('cluster') as Cluster;
  });
  afterAll(() => client.quit());

  describe.each(['still on the source', 'already on the target'])('the user key %s', (where) => {
    it.each(USER_STEPS)('%s runs whole, on one node', (_name, step) =>
      runStepOnHalfMovedSlot({
        storage: new IoRedisStorage(client, { keyPrefix: freshPrefix() }),
        begin: async (key) =>
          beginSlotMigration(cluster(), slotOf(key), await otherNodeThan(cluster(), slotOf(key))),
        moved: where === 'already on the target',
        step,
      }),
    );
  });
});
