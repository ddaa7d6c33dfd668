import { describe, expect, it } from 'vitest';
import { expectTimeBetween, idsOf, publicView } from './assertions.js';
import { metadata } from './fixtures.js';
import { useHarness } from './harness.js';
import type { ConformanceOptions } from './options.js';

/**
 * Registers the sliding-expiry checks: `touchIntervalSeconds` (0 = every read), expiry after
 * the idle timeout, the absolute cap, and a slid session still found by list and revoke-all.
 * Durations are a few seconds so that the real clock (`clock: 'real'`) can run them too.
 */
export function describeSliding(options: ConformanceOptions): void {
  describe('sliding expiry', () => {
    const h = useHarness(options);

    it('with touchIntervalSeconds 0 every read moves lastActivity and expiresAt', async () => {
      const { did, clock } = h();
      const manager = h().manager({ sessionExpirationSeconds: 3, touchIntervalSeconds: 0 });
      const session = await manager.createSession(did, metadata());
      let previous = session.lastActivity.getTime();
      for (let i = 0; i < 2; i++) {
        await clock.advance(1000);
        const before = clock.now();
        const read = await manager.getSession(session.token);
        expect(read).not.toBeNull();
        expectTimeBetween(read!.lastActivity, Math.max(before, previous + 1000), clock.now());
        expect(read!.expiresAt.getTime()).toBe(read!.lastActivity.getTime() + 3000);
        expect(read!.createdAt).toEqual(session.createdAt);
        previous = read!.lastActivity.getTime();
      }
    });

    it('a read within touchIntervalSeconds leaves the session as is; a later read slides it', async () => {
      const { did, clock } = h();
      const manager = h().manager({ sessionExpirationSeconds: 3, touchIntervalSeconds: 1 });
      const session = await manager.createSession(did, metadata());
      await clock.advance(300);
      expect(publicView(await manager.getSession(session.token))).toEqual(publicView(session));
      await clock.advance(800);
      const read = await manager.getSession(session.token);
      expect(read!.lastActivity.getTime()).toBeGreaterThanOrEqual(
        session.createdAt.getTime() + 1100,
      );
      expect(read!.expiresAt.getTime()).toBe(read!.lastActivity.getTime() + 3000);
      expect((await manager.listSessions(did))[0]).toEqual(publicView(read));
    });

    if (options.clock !== 'real') {
      it('the touch interval is inclusive: a read exactly touchIntervalSeconds later slides', async () => {
        const { did, clock } = h();
        const manager = h().manager({ sessionExpirationSeconds: 60, touchIntervalSeconds: 10 });
        const session = await manager.createSession(did, metadata());
        await clock.advance(9999);
        expect(publicView(await manager.getSession(session.token))).toEqual(publicView(session));
        await clock.advance(1);
        const read = await manager.getSession(session.token);
        expect(read!.lastActivity.getTime()).toBe(clock.now());
        expect(read!.expiresAt.getTime()).toBe(clock.now() + 60_000);
      });

      it('a read at exactly expiresAt finds nothing, even with touchIntervalSeconds 0', async () => {
        const { did, clock } = h();
        const manager = h().manager({ sessionExpirationSeconds: 60, touchIntervalSeconds: 0 });
        const session = await manager.createSession(did, metadata());
        await clock.advance(60_000);
        expect(await manager.getSession(session.token)).toBeNull();
        expect(await manager.listSessions(did)).toEqual([]);
      });
    }

    it('a session in use outlives its first expiry, then expires after the idle timeout', async () => {
      const { did, clock } = h();
      const manager = h().manager({ sessionExpirationSeconds: 3, touchIntervalSeconds: 1 });
      const session = await manager.createSession(did, metadata());
      for (let i = 0; i < 2; i++) {
        await clock.advance(1600);
        expect(await manager.getSession(session.token)).not.toBeNull();
      }
      expect(clock.now()).toBeGreaterThan(session.expiresAt.getTime());
      await clock.advance(3000);
      expect(await manager.getSession(session.token)).toBeNull();
      expect(await manager.listSessions(did)).toEqual([]);
    });

    it('a session slid past its first expiry is still found by list and revokeAllSessions', async () => {
      const { did, clock } = h();
      const manager = h().manager({ sessionExpirationSeconds: 3, touchIntervalSeconds: 1 });
      const unused = await manager.createSession(did, metadata());
      const used = await manager.createSession(did, metadata());
      for (let i = 0; i < 2; i++) {
        await clock.advance(1600);
        expect(await manager.getSession(used.token)).not.toBeNull();
      }
      expect(idsOf(await manager.listSessions(did))).toEqual([used.id]);
      await manager.revokeAllSessions(did);
      expect(h().revokedIds('revoked-all')).toEqual([used.id]);
      expect(await manager.getSession(used.token)).toBeNull();
      expect(await manager.getSession(unused.token)).toBeNull();
      expect(await manager.listSessions(did)).toEqual([]);
    });

    it('listSessions does not slide', async () => {
      const { did, clock } = h();
      const manager = h().manager({ sessionExpirationSeconds: 3, touchIntervalSeconds: 0 });
      const session = await manager.createSession(did, metadata());
      await clock.advance(1500);
      expect(await manager.listSessions(did)).toEqual([publicView(session)]);
      await clock.advance(1500);
      expect(await manager.getSession(session.token)).toBeNull();
    });

    it('absoluteExpirationSeconds caps sliding at createdAt plus the cap', async () => {
      const { did, clock } = h();
      const manager = h().manager({
        sessionExpirationSeconds: 3,
        touchIntervalSeconds: 0,
        absoluteExpirationSeconds: 5,
      });
      const session = await manager.createSession(did, metadata());
      const cap = session.createdAt.getTime() + 5000;
      await clock.advance(2000);
      expect((await manager.getSession(session.token))!.expiresAt.getTime()).toBe(cap);
      await clock.advance(2000);
      const read = await manager.getSession(session.token);
      expect(read!.expiresAt.getTime()).toBe(cap);
      expect(read!.lastActivity.getTime()).toBeGreaterThanOrEqual(
        session.createdAt.getTime() + 4000,
      );
      await clock.advance(1000);
      expect(await manager.getSession(session.token)).toBeNull();
    });

    it('the absolute cap also bounds the first expiry and updateSession', async () => {
      const { did, clock } = h();
      const manager = h().manager({
        sessionExpirationSeconds: 3600,
        absoluteExpirationSeconds: 60,
      });
      const session = await manager.createSession(did, metadata());
      const cap = session.createdAt.getTime() + 60_000;
      expect(session.expiresAt.getTime()).toBe(cap);
      await manager.updateSession(session.id, { expiresAt: new Date(clock.now() + 7_200_000) });
      expect((await manager.listSessions(did))[0]!.expiresAt.getTime()).toBe(cap);
      await manager.updateSession(session.id, { expiresAt: new Date(cap - 30_000) });
      expect((await manager.listSessions(did))[0]!.expiresAt.getTime()).toBe(cap - 30_000);
    });
  });
}
