import { IoRedisStorage } from '@coatcheck/ioredis';
import { beginSlotMigration, otherNodeThan, slotOf } from '@coatcheck/redis-testing';
import { metadata, randomDid, recorded, USER_STEPS } from '@coatcheck/storage-tests';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
    it.each(USER_STEPS)('%s runs whole, on one node', async (_name, step) => {
      const storage = new IoRedisStorage(client, { keyPrefix: freshPrefix() });
      const { manager } = recorded(storage, { maxSessionsPerUser: 2, touchIntervalSeconds: 0 });
      const did = randomDid();
      const a = await manager.createSession(did, metadata());
      const b = await manager.createSession(did, metadata());
      const key = storage.keys.user(did);
      const slot = slotOf(key);
      const migration = await beginSlotMigration(
        cluster(),
        slot,
        await otherNodeThan(cluster(), slot),
      );
      try {
        if (where === 'already on the target') expect(await migration.moveKeys([key])).toBe(1);
        await step(manager, { did, a, b });
        // Nothing of the user's was left behind or split: the one key is on one side.
        const onSource = await migration.keysOnSource();
        const onTarget = await migration.keysOnTarget();
        expect([onSource.includes(key), onTarget.includes(key)].filter(Boolean)).toHaveLength(1);
      } finally {
        await migration.finish();
      }
    });
  });
});
