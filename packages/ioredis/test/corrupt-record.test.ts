import { SessionManager, SessionRevokedError } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { sessionField } from '@coatcheck/redis';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, freshPrefix, TOPOLOGIES } from './helpers.js';

type Client = ReturnType<typeof connect>;
/** Rewrites one session's field with what `change` makes of its stored text. */
const rewrite =
  (change: (raw: string) => string) =>
  async (c: Client, key: string, field: string): Promise<unknown> =>
    c.hset(key, field, change((await c.hget(key, field)) ?? ''));

// The last two damage only the part after the header (the fields up to the DID). Scripts that
// only read, slide, revoke or list check the header alone and leave the rest to the TypeScript
// decoder, so such a record still reads as no session, and `revoke` marks it revoked.
const CORRUPTIONS: [string, (c: Client, key: string, field: string) => Promise<unknown>][] = [
  ['garbage text', rewrite(() => 'not a record')],
  ['an unknown version', rewrite((raw) => `9${raw.slice(1)}`)],
  ['a truncated record', rewrite((raw) => raw.slice(0, 30))],
  ['a broken escape in its text fields', rewrite((raw) => `${raw}%`)],
  [
    'scope that is not JSON',
    rewrite((raw) => {
      const parts = raw.split('|');
      parts[8] = '["a"';
      return parts.join('|');
    }),
  ],
];

describe.each(TOPOLOGIES)('%s: a corrupted record', (topology) => {
  let client: ReturnType<typeof connect>;
  beforeAll(() => {
    client = connect(topology);
  });
  afterAll(() => client.quit());

  it.each(CORRUPTIONS)(
    'holding %s reads as no session, and is logged without the id',
    async (_label, corrupt) => {
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
      await corrupt(client, storage.keys.user(did), sessionField(session.id));

      expect(await manager.getSession(session.token)).toBeNull();
      await expect(manager.updateSession(session.id, { scope: [] })).rejects.toBeInstanceOf(
        SessionRevokedError,
      );
      await expect(manager.rotateSession(session.id)).rejects.toBeInstanceOf(SessionRevokedError);
      await manager.revokeSession(session.id); // a no-op, not a failure
      expect((await manager.listSessions(did)).map((s) => s.id)).toEqual([other.id]);
      expect(await manager.getSession(other.token)).not.toBeNull();

      expect(errors.length).toBeGreaterThanOrEqual(3);
      for (const line of errors) {
        expect(line).toContain('undecodable');
        expect(line).toMatch(/fp_[0-9a-f]{8}/);
        expect(line).not.toContain(session.id);
        expect(line).not.toContain(sessionField(session.id));
      }
    },
  );
});
