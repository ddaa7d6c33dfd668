import { describe, expect, it } from 'vitest';
import { expectSessionRevoked, expectTtlNear, idsOf, sorted } from './assertions.js';
import { metadata, randomDid, unknownSessionId } from './fixtures.js';
import { useHarness } from './harness.js';
import type { ConformanceOptions } from './options.js';

/**
 * Registers the revocation checks: `revokeSession` (idempotent, no-op on unknown ids),
 * `revokeAllSessions`, revoked sessions never readable or updatable again, and, with
 * `inspect`, how long records are kept.
 */
export function describeRevocation(options: ConformanceOptions): void {
  describe('revocation', () => {
    const h = useHarness(options);

    it('revokeSession ends one session: get is null, list leaves it out, the others stay', async () => {
      const manager = h().manager();
      const gone = await manager.createSession(h().did, metadata());
      await h().clock.advance(2);
      const kept = await manager.createSession(h().did, metadata());
      await manager.revokeSession(gone.id);
      expect(await manager.getSession(gone.token)).toBeNull();
      expect(idsOf(await manager.listSessions(h().did))).toEqual([kept.id]);
      expect(await manager.getSession(kept.token)).not.toBeNull();
      expect(h().revoked).toEqual([{ sessionId: gone.id, did: h().did, reason: 'revoked' }]);
    });

    it('revokeSession is idempotent and a no-op for ids never issued', async () => {
      const manager = h().manager();
      const session = await manager.createSession(h().did, metadata());
      await manager.revokeSession(session.id);
      await expect(manager.revokeSession(session.id)).resolves.toBeUndefined();
      await expect(manager.revokeSession(unknownSessionId(h().did))).resolves.toBeUndefined();
      expect(h().revokedIds()).toEqual([session.id]);
    });

    it('a revoked session is never readable again, whatever the clock does', async () => {
      const { did, clock } = h();
      const manager = h().manager({ sessionExpirationSeconds: 3, touchIntervalSeconds: 0 });
      const session = await manager.createSession(did, metadata());
      await manager.revokeSession(session.id);
      for (const step of [0, 1000, 2500]) {
        await clock.advance(step);
        expect(await manager.getSession(session.token)).toBeNull();
        expect(await manager.listSessions(did)).toEqual([]);
      }
    });

    it('updateSession throws SessionRevokedError for a revoked, missing or expired session', async () => {
      const { did, clock } = h();
      const manager = h().manager({ sessionExpirationSeconds: 3 });
      const far = { expiresAt: new Date(clock.now() + 86_400_000), scope: ['admin'] };
      const revoked = await manager.createSession(did, metadata());
      await manager.revokeSession(revoked.id);
      await expectSessionRevoked(manager.updateSession(revoked.id, far));
      await expectSessionRevoked(manager.updateSession(unknownSessionId(did), far));
      const expired = await manager.createSession(did, metadata());
      await clock.advance(3000);
      await expectSessionRevoked(manager.updateSession(expired.id, far));
      await expectSessionRevoked(
        manager.updateSession(expired.id, { lastActivity: new Date(clock.now()) }),
      );
      // A failed update writes nothing: neither session comes back.
      expect(await manager.getSession(revoked.token)).toBeNull();
      expect(await manager.getSession(expired.token)).toBeNull();
      expect(await manager.listSessions(did)).toEqual([]);
    });

    it('revokeAllSessions revokes every session of the user, and only theirs', async () => {
      const manager = h().manager();
      const other = randomDid();
      const theirs = await manager.createSession(other, metadata());
      const mine = [];
      for (let i = 0; i < 3; i++) mine.push(await manager.createSession(h().did, metadata()));
      await manager.revokeAllSessions(h().did);
      expect(sorted(h().revokedIds('revoked-all'))).toEqual(sorted(idsOf(mine)));
      expect(h().revoked.every((e) => e.did === h().did)).toBe(true);
      for (const session of mine) expect(await manager.getSession(session.token)).toBeNull();
      expect(await manager.listSessions(h().did)).toEqual([]);
      expect(await manager.getSession(theirs.token)).not.toBeNull();
      // Nothing left: a second call reports nothing; the user can sign in again.
      await manager.revokeAllSessions(h().did);
      expect(h().revoked).toHaveLength(3);
      const again = await manager.createSession(h().did, metadata());
      expect(idsOf(await manager.listSessions(h().did))).toEqual([again.id]);
    });

    it('revokeAllSessions on a user without sessions does nothing', async () => {
      const manager = h().manager();
      await expect(manager.revokeAllSessions(h().did)).resolves.toBeUndefined();
      expect(h().revoked).toEqual([]);
    });

    if (options.inspect) {
      it('a live record lives exactly until expiresAt, and moves with it when slid', async () => {
        const { did, clock } = h();
        const manager = h().manager({ sessionExpirationSeconds: 600, touchIntervalSeconds: 0 });
        const session = await manager.createSession(did, metadata());
        expectTtlNear(await h().ttl(session.id)!, 600_000);
        await clock.advance(1000);
        await manager.getSession(session.token);
        expectTtlNear(await h().ttl(session.id)!, 600_000);
        await manager.updateSession(session.id, { expiresAt: new Date(clock.now() + 60_000) });
        expectTtlNear(await h().ttl(session.id)!, 60_000);
      });

      it('a revoked record is kept for revokedRetentionSeconds, then deleted', async () => {
        const manager = h().manager({ revokedRetentionSeconds: 120 });
        const one = await manager.createSession(h().did, metadata());
        const all = await manager.createSession(h().did, metadata());
        await manager.revokeSession(one.id);
        expectTtlNear(await h().ttl(one.id)!, 120_000);
        await manager.revokeAllSessions(h().did);
        expectTtlNear(await h().ttl(all.id)!, 120_000);
        const later = h().clock.now() + 121_000;
        expect(await h().ttl(one.id, later)).toBeNull();
        expect(await h().ttl(all.id, later)).toBeNull();
      });

      it('an update of a revoked session leaves its retention as it was', async () => {
        const { did, clock } = h();
        const manager = h().manager({ revokedRetentionSeconds: 120 });
        const session = await manager.createSession(did, metadata());
        await manager.revokeSession(session.id);
        const far = new Date(clock.now() + 30 * 86_400_000);
        await expectSessionRevoked(manager.updateSession(session.id, { expiresAt: far }));
        expectTtlNear(await h().ttl(session.id)!, 120_000);
        expect(await manager.getSession(session.token)).toBeNull();
      });
    }
  });
}
