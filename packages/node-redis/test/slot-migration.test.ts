import { NodeRedisStorage } from '@coatcheck/node-redis';
import { beginSlotMigration, otherNodeThan, slotOf } from '@coatcheck/redis-testing';
import { metadata, randomDid, recorded, USER_STEPS } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
    it.each(USER_STEPS)('%s runs whole, on one node', async (_name, step) => {
      const storage = new NodeRedisStorage(connected.client, { keyPrefix: freshPrefix() });
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
      let before: Awaited<ReturnType<typeof manager.listSessions>>;
      try {
        if (where === 'already on the target') expect(await migration.moveKeys([key])).toBe(1);
        await step(manager, { did, a, b });
        const onSource = await migration.keysOnSource();
        const onTarget = await migration.keysOnTarget();
        expect([onSource.includes(key), onTarget.includes(key)].filter(Boolean)).toHaveLength(1);
        before = await manager.listSessions(did, { includeRevoked: true });
      } finally {
        await migration.finish();
      }
      expect(await manager.listSessions(did, { includeRevoked: true })).toEqual(before);
    });
  });
});
