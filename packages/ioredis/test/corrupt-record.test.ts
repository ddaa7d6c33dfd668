import { SessionManager, SessionRevokedError } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { indexEntry, indexMember } from '@coatcheck/redis';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, freshPrefix, TOPOLOGIES } from './helpers.js';

// The last two damage only the part after the header (the fields up to the DID). Scripts that
// only read, slide, revoke or list check the header alone and leave the rest to the TypeScript
// decoder, so such a record still reads as no session, but `revoke` marks it revoked and drops it
// from the index (nothing to log there, nor in the list after it): three error lines, not five.
const CORRUPTIONS: [
  string,
  (client: ReturnType<typeof connect>, key: string) => Promise<unknown>,
  number,
][] = [
  ['garbage text', (c, key) => c.set(key, 'not a record', 'PX', 60_000), 5],
  [
    'an unknown version',
    async (c, key) => c.set(key, `9${(await c.get(key))?.slice(1)}`, 'PX', 60_000),
    5,
  ],
  [
    'a truncated record',
    async (c, key) => c.set(key, (await c.get(key))?.slice(0, 30) ?? '', 'PX', 60_000),
    5,
  ],
  [
    'a broken escape in its text fields',
    async (c, key) => c.set(key, `${await c.get(key)}%`, 'PX', 60_000),
    3,
  ],
  [
    'scope that is not JSON',
    async (c, key) => {
      const parts = (await c.get(key))?.split('|') ?? [];
      parts[6] = '["a"';
      return c.set(key, parts.join('|'), 'PX', 60_000);
    },
    3,
  ],
  ['another type', async (c, key) => c.del(key).then(() => c.hset(key, 'x', '1')), 5],
];

describe.each(TOPOLOGIES)('%s: a corrupted record', (topology) => {
  let client: ReturnType<typeof connect>;
  beforeAll(() => {
    client = connect(topology);
  });
  afterAll(() => client.quit());

  it.each(CORRUPTIONS)(
    'holding %s reads as no session, and is logged without the id',
    async (_label, corrupt, logged) => {
      const errors: string[] = [];
      const storage = new IoRedisStorage(client, { keyPrefix: freshPrefix() });
      const manager = new SessionManager({
        storage,
        logger: {
          debug() {},
          info() {},
          warn() {},
          error: (m, c) => errors.push(`${m} ${JSON.stringify(c)}`),
        },
      });
      const did = randomDid();
      const session = await manager.createSession(did, metadata());
      const other = await manager.createSession(did, metadata());
      const entry = indexEntry(session.id, session.createdAt.getTime());
      expect(await client.zscore(storage.keys.index(did), entry)).not.toBeNull();
      await corrupt(client, storage.keys.record(session.id));

      expect(await manager.getSession(session.id)).toBeNull();
      await expect(manager.updateSession(session.id, { scope: [] })).rejects.toBeInstanceOf(
        SessionRevokedError,
      );
      await expect(manager.rotateSession(session.id)).rejects.toBeInstanceOf(SessionRevokedError);
      await manager.revokeSession(session.id); // a no-op, not a failure
      expect((await manager.listSessions(did)).map((s) => s.id)).toEqual([other.id]);
      // list dropped it from the index, so it is reported once there and never again
      expect(await client.zscore(storage.keys.index(did), entry)).toBeNull();
      expect(await manager.getSession(other.id)).not.toBeNull();

      expect(errors.length).toBeGreaterThanOrEqual(logged);
      for (const line of errors) {
        expect(line).toContain('undecodable');
        expect(line).toMatch(/fp_[0-9a-f]{8}/);
        expect(line).not.toContain(session.id);
        expect(line).not.toContain(indexMember(session.id));
      }
    },
  );
});
