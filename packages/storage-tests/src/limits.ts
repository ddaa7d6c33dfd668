import type { IssuedSession } from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import { expectTtlNear, idsOf } from './assertions.js';
import { metadata, randomDid } from './fixtures.js';
import { type Harness, useHarness } from './harness.js';
import type { ConformanceOptions } from './options.js';

async function createMany(
  h: Harness,
  count: number,
  manager = h.manager(),
): Promise<IssuedSession[]> {
  const made: IssuedSession[] = [];
  for (let i = 0; i < count; i++) {
    made.push(await manager.createSession(h.did, metadata({ deviceId: `device-${i}` })));
    await h.clock.advance(2); // distinct createdAt, so "oldest" is well defined
  }
  return made;
}

/**
 * Registers the checks of `maxSessionsPerUser`: eviction of the oldest by `createdAt` so that
 * exactly the limit remains, what counts toward it, and how long evicted records are kept.
 */
export function describeLimits(options: ConformanceOptions): void {
  describe('session limit', () => {
    const h = useHarness(options);

    it('one create past maxSessionsPerUser evicts the oldest, leaving exactly the limit', async () => {
      const manager = h().manager({ maxSessionsPerUser: 3 });
      const [first, ...rest] = await createMany(h(), 4, manager);
      expect(h().revokedIds()).toEqual([first!.id]);
      expect(h().revoked[0]).toEqual({ sessionId: first!.id, did: h().did, reason: 'evicted' });
      expect(idsOf(await manager.listSessions(h().did))).toEqual(idsOf(rest).reverse());
      expect(await manager.getSession(first!.token)).toBeNull();
      for (const session of rest) expect(await manager.getSession(session.token)).not.toBeNull();
    });

    it('a lower limit evicts every surplus session in one step, oldest first', async () => {
      const made = await createMany(h(), 5, h().manager({ maxSessionsPerUser: 5 }));
      expect(h().revoked).toEqual([]);
      const strict = h().manager({ maxSessionsPerUser: 2 });
      const newest = await strict.createSession(h().did, metadata());
      expect(h().revokedIds('evicted')).toEqual(idsOf(made.slice(0, 4)));
      expect(idsOf(await strict.listSessions(h().did))).toEqual([newest.id, made[4]!.id]);
    });

    it('eviction goes by createdAt, not by last use', async () => {
      const manager = h().manager({ maxSessionsPerUser: 2, touchIntervalSeconds: 0 });
      const [oldest, middle] = await createMany(h(), 2, manager);
      await h().clock.advance(1000);
      expect(await manager.getSession(oldest!.token)).not.toBeNull(); // slides the oldest
      const newest = await manager.createSession(h().did, metadata());
      expect(h().revokedIds('evicted')).toEqual([oldest!.id]);
      expect(idsOf(await manager.listSessions(h().did))).toEqual([newest.id, middle!.id]);
    });

    it('a create never evicts itself, even when an older session shares its millisecond', async () => {
      // Ids are random, so over a few rounds the new id sorts both before and after the old.
      const manager = h().manager({ maxSessionsPerUser: 1 });
      for (let round = 0; round < 8; round++) {
        const did = randomDid();
        const older = await manager.createSession(did, metadata());
        const newer = await manager.createSession(did, metadata()); // same clock value
        expect(await manager.getSession(newer.token)).not.toBeNull();
        expect(await manager.getSession(older.token)).toBeNull();
        expect(idsOf(await manager.listSessions(did))).toEqual([newer.id]);
      }
    });

    it('maxSessionsPerUser 1 keeps only the newest session', async () => {
      const manager = h().manager({ maxSessionsPerUser: 1 });
      const made = await createMany(h(), 3, manager);
      expect(h().revokedIds('evicted')).toEqual(idsOf(made.slice(0, 2)));
      expect(idsOf(await manager.listSessions(h().did))).toEqual([made[2]!.id]);
    });

    it('the default limit is 10', async () => {
      const manager = h().manager();
      const made = await createMany(h(), 11, manager);
      expect(h().revokedIds('evicted')).toEqual([made[0]!.id]);
      expect(await manager.listSessions(h().did)).toHaveLength(10);
    });

    it('expired and revoked sessions do not count toward the limit', async () => {
      const { did, clock } = h();
      const manager = h().manager({ maxSessionsPerUser: 3, sessionExpirationSeconds: 3 });
      await manager.createSession(did, metadata());
      await clock.advance(1500);
      const [b, c] = await createMany(h(), 2, manager);
      await clock.advance(1600); // the first has expired; b and c live on
      const d = await manager.createSession(did, metadata());
      expect(h().revoked).toEqual([]);
      expect(idsOf(await manager.listSessions(did))).toEqual([d.id, c!.id, b!.id]);
      await manager.revokeSession(b!.id);
      await clock.advance(2);
      const e = await manager.createSession(did, metadata());
      expect(h().revokedIds()).toEqual([b!.id]);
      await clock.advance(2);
      const f = await manager.createSession(did, metadata());
      expect(h().revokedIds('evicted')).toEqual([c!.id]);
      expect(idsOf(await manager.listSessions(did))).toEqual([f.id, e.id, d.id]);
    });

    it('sessions slid past their first expiry still count, and still go oldest first', async () => {
      const { did, clock } = h();
      const manager = h().manager({
        maxSessionsPerUser: 2,
        sessionExpirationSeconds: 3,
        touchIntervalSeconds: 0,
      });
      const [a, b] = await createMany(h(), 2, manager);
      // Three times their first expiry, kept alive by reads.
      for (let i = 0; i < 9; i++) {
        await clock.advance(1000);
        expect(await manager.getSession(a!.token)).not.toBeNull();
        expect(await manager.getSession(b!.token)).not.toBeNull();
      }
      const c = await manager.createSession(did, metadata());
      expect(h().revokedIds('evicted')).toEqual([a!.id]);
      expect(idsOf(await manager.listSessions(did))).toEqual([c.id, b!.id]);
      // Once more, now that the create has looked at them: b is the oldest live session.
      await clock.advance(1000);
      expect(await manager.getSession(c.token)).not.toBeNull();
      const d = await manager.createSession(did, metadata());
      expect(h().revokedIds('evicted')).toEqual([a!.id, b!.id]);
      expect(idsOf(await manager.listSessions(did))).toEqual([d.id, c.id]);
    });

    it('a session whose expiry an update brought forward stops counting once it passes', async () => {
      const { did, clock } = h();
      const manager = h().manager({ maxSessionsPerUser: 2 });
      const [a, b] = await createMany(h(), 2, manager);
      await manager.updateSession(b!.id, { expiresAt: new Date(clock.now() + 10_000) });
      await clock.advance(20_000);
      const c = await manager.createSession(did, metadata());
      expect(h().revoked).toEqual([]);
      expect(idsOf(await manager.listSessions(did))).toEqual([c.id, a!.id]);
    });

    it('each user has a limit of their own', async () => {
      const manager = h().manager({ maxSessionsPerUser: 2 });
      const other = randomDid();
      await createMany(h(), 2, manager);
      await manager.createSession(other, metadata());
      await manager.createSession(other, metadata());
      expect(h().revoked).toEqual([]);
      expect(await manager.listSessions(h().did)).toHaveLength(2);
      expect(await manager.listSessions(other)).toHaveLength(2);
    });

    if (options.inspect) {
      it('an evicted record is kept, revoked, for revokedRetentionSeconds and no longer', async () => {
        const manager = h().manager({ maxSessionsPerUser: 1, revokedRetentionSeconds: 600 });
        const [evicted] = await createMany(h(), 2, manager);
        expect(h().revokedIds('evicted')).toEqual([evicted!.id]);
        expectTtlNear(await h().ttl(evicted!.id)!, 600_000);
        expect(await h().ttl(evicted!.id, h().clock.now() + 600_000 + 1000)).toBeNull();
        expect(await manager.getSession(evicted!.token)).toBeNull();
      });
    }
  });
}
