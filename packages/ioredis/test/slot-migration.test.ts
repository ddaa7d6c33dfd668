import type { IssuedSession } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { beginSlotMigration, otherNodeThan, slotOf } from '@coatcheck/redis-testing';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, freshPrefix } from './helpers.js';
import { recorded } from './recorder.js';

const cluster = () => ({ nodes: inject('clusterPorts').map((port) => ({ port })) });

type Step = (
  m: ReturnType<typeof recorded>['manager'],
  s: { did: IssuedSession['did']; a: IssuedSession; b: IssuedSession },
) => Promise<void>;

// Each operation, run while the user's slot is half moved: the user's one key still on the
// source (which runs the script) or already on the target (the source answers ASK and the
// client follows it). Either way the whole step happens on one node, or not at all.
const OPERATIONS: [string, Step][] = [
  [
    'createSession (evicting)',
    async (m, { did, a, b }) => {
      const c = await m.createSession(did, metadata());
      const live = (await m.listSessions(did)).map((s) => s.id).sort();
      expect(live).toHaveLength(2);
      expect(live).toContain(c.id);
      expect([a.id, b.id]).toContain(live.find((id) => id !== c.id));
    },
  ],
  [
    'getSession (sliding)',
    async (m, { a }) => {
      expect((await m.getSession(a.token))?.fresh).toBe(true);
    },
  ],
  [
    'updateSession',
    async (m, { did, a }) => {
      await m.updateSession(a.id, { scope: ['moved'] });
      expect((await m.listSessions(did)).find((s) => s.id === a.id)?.scope).toEqual(['moved']);
    },
  ],
  [
    'rotateSession',
    async (m, { a }) => {
      const rotated = await m.rotateSession(a.id);
      expect(await m.getSession(a.token)).toBeNull();
      expect((await m.getSession(rotated.token))?.id).toBe(rotated.id);
    },
  ],
  [
    'revokeSession',
    async (m, { did, a, b }) => {
      await m.revokeSession(a.id);
      expect((await m.listSessions(did)).map((s) => s.id)).toEqual([b.id]);
    },
  ],
  [
    'revokeOtherSessions',
    async (m, { did, b }) => {
      await m.revokeOtherSessions(did, b.id);
      expect((await m.listSessions(did)).map((s) => s.id)).toEqual([b.id]);
    },
  ],
  [
    'revokeAllSessions',
    async (m, { did, a, b }) => {
      await m.revokeAllSessions(did);
      expect(await m.getSession(a.token)).toBeNull();
      expect(await m.getSession(b.token)).toBeNull();
      expect(await m.listSessions(did)).toEqual([]);
    },
  ],
  [
    'listSessions (with revoked)',
    async (m, { did }) => {
      expect(await m.listSessions(did, { includeRevoked: true })).toHaveLength(2);
    },
  ],
];

describe('cluster: a slot half moved', () => {
  let client: Cluster;
  beforeAll(() => {
    client = connect('cluster') as Cluster;
  });
  afterAll(() => client.quit());

  describe.each(['still on the source', 'already on the target'])('the user key %s', (where) => {
    it.each(OPERATIONS)('%s runs whole, on one node', async (_name, step) => {
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
