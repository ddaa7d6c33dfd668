import { didBucket, isSessionId, sessionIdBucket } from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import {
  expectSessionRevoked,
  expectSessionShape,
  expectTimeBetween,
  idsOf,
  publicView,
  sorted,
} from './assertions.js';
import { metadata, randomDid, sameBucketDids, unknownSessionId } from './fixtures.js';
import { useHarness } from './harness.js';
import { type ConformanceOptions, DEFAULT_CONCURRENCY } from './options.js';
import { checkBestEffort, checkRevokeManyRace, checkRotateRace } from './race-checks.js';
import { raceRevokeOthersAgainstCreates, raceRotations } from './race-scenarios.js';

/**
 * Registers the checks of `rotateSession` and `revokeOtherSessions`: what moves and what stays,
 * refusals that change nothing, and their races (exact when the storage is atomic).
 */
export function describeRotation(options: ConformanceOptions): void {
  const trials = options.concurrency?.trials ?? DEFAULT_CONCURRENCY.trials;
  const creates = Math.min(options.concurrency?.creates ?? DEFAULT_CONCURRENCY.creates, 20);

  describe('rotation and revoking other sessions', () => {
    const h = useHarness(options);

    it('rotateSession moves the session to a new id with a fresh lastActivity', async () => {
      const { did, clock } = h();
      const manager = h().manager({ sessionExpirationSeconds: 3600 });
      const old = await manager.createSession(did, metadata({ deviceId: 'tab', scope: ['read'] }));
      await clock.advance(1000);
      const before = clock.now();
      const rotated = await manager.rotateSession(old.id);
      expectSessionShape(rotated);
      expect(rotated.id).not.toBe(old.id);
      expect(isSessionId(rotated.id)).toBe(true);
      expect(sessionIdBucket(rotated.id)).toBe(didBucket(did));
      const { id: _a, lastActivity: _b, expiresAt: _c, token: _d, ...kept } = old;
      expect(rotated).toMatchObject(kept);
      expectTimeBetween(rotated.lastActivity, before, clock.now());
      expect(rotated.expiresAt.getTime()).toBe(rotated.lastActivity.getTime() + 3_600_000);
      expect(await manager.getSession(old.token)).toBeNull();
      expect(publicView(await manager.getSession(rotated.token))).toEqual(publicView(rotated));
      expect(idsOf(await manager.listSessions(did))).toEqual([rotated.id]);
      expect(h().revoked).toEqual([{ sessionId: old.id, did, reason: 'rotated' }]);
    });

    it('a rotated session keeps its createdAt, its place under the limit and its absolute cap', async () => {
      const { did, clock } = h();
      const manager = h().manager({ maxSessionsPerUser: 2, absoluteExpirationSeconds: 600 });
      const oldest = await manager.createSession(did, metadata());
      await clock.advance(2);
      const middle = await manager.createSession(did, metadata());
      await clock.advance(2);
      const rotated = await manager.rotateSession(oldest.id);
      expect(rotated.expiresAt.getTime()).toBe(oldest.createdAt.getTime() + 600_000);
      const newest = await manager.createSession(did, metadata());
      expect(h().revokedIds('evicted')).toEqual([rotated.id]);
      expect(idsOf(await manager.listSessions(did))).toEqual([newest.id, middle.id]);
    });

    it('a rotated session is found by revokeAllSessions', async () => {
      const manager = h().manager();
      const rotated = await manager.rotateSession(
        (await manager.createSession(h().did, metadata())).id,
      );
      await manager.revokeAllSessions(h().did);
      expect(h().revokedIds('revoked-all')).toEqual([rotated.id]);
      expect(await manager.getSession(rotated.token)).toBeNull();
    });

    it('rotating a missing, revoked, expired or already rotated session throws SessionRevokedError', async () => {
      const { did, clock } = h();
      const manager = h().manager({ sessionExpirationSeconds: 3 });
      await expectSessionRevoked(manager.rotateSession(unknownSessionId(did)));
      const revoked = await manager.createSession(did, metadata());
      await manager.revokeSession(revoked.id);
      await expectSessionRevoked(manager.rotateSession(revoked.id));
      const once = await manager.createSession(did, metadata());
      const next = await manager.rotateSession(once.id);
      await expectSessionRevoked(manager.rotateSession(once.id));
      await clock.advance(3000);
      await expectSessionRevoked(manager.rotateSession(next.id));
      expect(await manager.listSessions(did)).toEqual([]);
    });

    it('revokeOtherSessions keeps only the given session, and only touches its user', async () => {
      const manager = h().manager();
      const other = await manager.createSession(randomDid(), metadata());
      const mine = [];
      for (let i = 0; i < 3; i++) mine.push(await manager.createSession(h().did, metadata()));
      const keep = mine[1]!;
      await manager.revokeOtherSessions(h().did, keep.id);
      expect(idsOf(await manager.listSessions(h().did))).toEqual([keep.id]);
      expect(sorted(h().revokedIds('others-revoked'))).toEqual(sorted([mine[0]!.id, mine[2]!.id]));
      expect(h().revoked).toHaveLength(2);
      expect(await manager.getSession(keep.token)).not.toBeNull();
      expect(await manager.getSession(other.token)).not.toBeNull();
      await manager.revokeOtherSessions(h().did, keep.id);
      expect(h().revoked).toHaveLength(2);
    });

    it('revokeOtherSessions refuses, revoking nothing, when the kept id is not a live session of the user', async () => {
      const { clock } = h();
      const [did, neighbour] = sameBucketDids();
      const manager = h().manager({ sessionExpirationSeconds: 3 });
      const revoked = await manager.createSession(did, metadata());
      await manager.revokeSession(revoked.id);
      const expiring = await manager.createSession(did, metadata());
      await clock.advance(1500);
      const live = await manager.createSession(did, metadata());
      await clock.advance(1500); // `expiring` has expired, `live` has not
      const theirs = await manager.createSession(randomDid(), metadata());
      const neighbours = await manager.createSession(neighbour, metadata());
      for (const keep of [
        unknownSessionId(did),
        revoked.id,
        expiring.id,
        theirs.id,
        neighbours.id,
      ]) {
        await expectSessionRevoked(manager.revokeOtherSessions(did, keep));
      }
      // Same bucket, other user: only the storage can tell, and it must.
      await expectSessionRevoked(manager.revokeOtherSessions(neighbour, live.id));
      expect(idsOf(await manager.listSessions(did))).toEqual([live.id]);
      expect(idsOf(await manager.listSessions(neighbour))).toEqual([neighbours.id]);
      expect(h().revokedIds()).toEqual([revoked.id]);
    });

    it(`rotations of one id racing a revoke never leave two live ids (${trials} trials)`, async () => {
      for (let trial = 0; trial < trials; trial++) {
        const outcome = await raceRotations({
          storage: h().storage,
          did: randomDid(),
          now: h().clock.now,
          rotations: 5,
        });
        const problems = h().raw.capabilities.atomic
          ? checkRotateRace(outcome)
          : checkBestEffort(outcome);
        expect(problems, `trial ${trial}`).toEqual([]);
        expect(outcome.readable, `trial ${trial}`).not.toContain(outcome.oldId);
      }
    });

    it(`revokeOtherSessions racing ${creates} creates is linearizable when atomic (${trials} trials)`, async () => {
      for (let trial = 0; trial < trials; trial++) {
        const outcome = await raceRevokeOthersAgainstCreates({
          storage: h().storage,
          did: randomDid(),
          now: h().clock.now,
          creates,
          others: 2,
        });
        const problems = h().raw.capabilities.atomic
          ? checkRevokeManyRace(outcome)
          : checkBestEffort(outcome);
        expect(problems, `trial ${trial}`).toEqual([]);
        expect(outcome.readable, `trial ${trial}`).toContain(outcome.keep);
      }
    });
  });
}
