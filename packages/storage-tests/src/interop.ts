import {
  type Did,
  SessionManager,
  type SessionStorage,
  type ValidatedSession,
} from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import { publicView } from './assertions.js';
import { randomDid } from './fixtures.js';

// Values a client would mangle if it JSON-parsed replies, and non-ASCII text.
const META = {
  ipAddress: '12345',
  userAgent: '["not","an","array"] 123 é🚀',
  deviceId: '007',
  scope: ['123', 'true', 'null', '{"a":1}', 'réad'],
};

/** Which adapter writes and which one reads in an interop check. */
export interface InteropPair<Name extends string> {
  readonly writer: Name;
  readonly reader: Name;
}

/**
 * Registers checks that sessions written through one adapter are read, slid, listed, updated,
 * rotated and revoked through another on the same data, for each pair (both ways round:
 * list each direction). `storages(keyPrefix)` makes every adapter over one shared prefix, per
 * test.
 *
 * @example
 * ```ts
 * describeInterop(
 *   [{ writer: 'ioredis', reader: 'upstash' }, { writer: 'upstash', reader: 'ioredis' }],
 *   (keyPrefix) => ({ ioredis: new IoRedisStorage(io, { keyPrefix }), upstash: ... }),
 * );
 * ```
 */
export function describeInterop<Name extends string>(
  pairs: readonly InteropPair<Name>[],
  storages: (keyPrefix: string) => Record<Name, SessionStorage>,
): void {
  describe.each(pairs)('sessions written through $writer, used through $reader', (pair) => {
    let clock = 0;
    const managers = () => {
      clock = Date.now();
      const made = storages(`i${randomDid().slice(8, 18)}:`);
      const manager = (storage: SessionStorage) =>
        new SessionManager({
          storage,
          now: () => clock,
          config: {
            sessionExpirationSeconds: 3600,
            touchIntervalSeconds: 60,
            maxSessionsPerUser: 5,
          },
        });
      return { w: manager(made[pair.writer]), r: manager(made[pair.reader]), did: randomDid() };
    };

    it('are read with identical fields, slid, listed and revoked', async () => {
      const { w, r, did } = managers();
      const created = await w.createSession(did, META);
      expect(publicView(await r.getSession(created.token))).toEqual(publicView(created));

      clock += 120_000;
      const slid = (await r.getSession(created.token)) as ValidatedSession;
      expect(slid.fresh).toBe(true);
      expect(slid.lastActivity.getTime()).toBe(clock);
      expect(slid.expiresAt.getTime()).toBe(clock + 3_600_000);
      expect(publicView(await w.getSession(created.token))).toEqual(publicView(slid));
      expect(await r.listSessions(did)).toEqual([publicView(slid)]);
      expect(await w.listSessions(did)).toEqual([publicView(slid)]);

      await r.updateSession(created.id, { scope: ['["x"]', '42'] });
      expect((await w.getSession(created.token))?.scope).toEqual(['["x"]', '42']);

      await r.revokeSession(created.id, { did });
      expect(await w.getSession(created.token)).toBeNull();
      expect(await w.listSessions(did)).toEqual([]);
      const kept = await w.listSessions(did, { includeRevoked: true });
      expect(kept.map((s) => [s.id, s.revoked])).toEqual([[created.id, true]]);
    });

    it('are rotated, revoked together and blacklist tokens across adapters', async () => {
      const { w, r, did }: { w: SessionManager; r: SessionManager; did: Did } = managers();
      const first = await w.createSession(did, META);
      const second = await w.createSession(did, { ...META, deviceId: 'other' });
      const rotated = await r.rotateSession(first.id);
      expect(await w.getSession(first.token)).toBeNull();
      expect(publicView(await w.getSession(rotated.token))).toEqual(publicView(rotated));
      expect(rotated).toMatchObject({ did, createdAt: first.createdAt, scope: META.scope });

      await r.revokeOtherSessions(did, rotated.id);
      expect(await w.getSession(second.token)).toBeNull();
      await r.revokeAllSessions(did);
      expect(await w.listSessions(did)).toEqual([]);

      await w.revokeToken('jti-123', new Date(clock + 60_000));
      expect(await r.isTokenRevoked('jti-123')).toBe(true);
      expect(await r.isTokenRevoked('jti-other')).toBe(false);
    });
  });
}
