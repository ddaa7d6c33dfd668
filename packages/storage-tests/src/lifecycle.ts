import { type Did, didBucket, isSessionId, sessionIdBucket } from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import { expectSessionShape, expectTimeBetween, idsOf, publicView } from './assertions.js';
import { metadata, randomDid, sameBucketDids, unknownSessionId } from './fixtures.js';
import { useHarness } from './harness.js';
import type { ConformanceOptions } from './options.js';

const HOUR_S = 3600;
const SHARED_DID: Did = 'did:plc:conformancesharedstorage';

/**
 * Registers the lifecycle checks: create, read back, list (newest first), update, expiry,
 * and users kept apart (even when they share a bucket).
 */
export function describeLifecycle(options: ConformanceOptions): void {
  describe('lifecycle', () => {
    const h = useHarness(options);

    // Two identical tests: whichever runs second fails if storages share data, for instance
    // when an adapter ignores its key prefix.
    for (const run of [1, 2]) {
      it(`each test gets an empty storage of its own (${run}/2)`, async () => {
        const manager = h().manager();
        expect(await manager.listSessions(SHARED_DID)).toEqual([]);
        expect(await manager.isTokenRevoked('conformance-shared-jti')).toBe(false);
        await manager.createSession(SHARED_DID, metadata());
        await manager.revokeToken('conformance-shared-jti', new Date(h().clock.now() + 3_600_000));
      });
    }

    it('createSession returns a fresh frozen session with the metadata and a full idle expiry', async () => {
      const { did, clock } = h();
      const manager = h().manager({ sessionExpirationSeconds: HOUR_S });
      const before = clock.now();
      const session = await manager.createSession(
        did,
        metadata({ deviceId: 'laptop-1', scope: ['read', 'write'] }),
      );
      const after = clock.now();
      expectSessionShape(session);
      expect(isSessionId(session.id)).toBe(true);
      expect(sessionIdBucket(session.id)).toBe(didBucket(did));
      expect(session.did).toBe(did);
      expectTimeBetween(session.createdAt, before, after);
      expect(session.lastActivity.getTime()).toBe(session.createdAt.getTime());
      expect(session.expiresAt.getTime()).toBe(session.createdAt.getTime() + HOUR_S * 1000);
      expect(session).toMatchObject({
        ipAddress: '203.0.113.7',
        userAgent: 'coatcheck-conformance/1.0',
        deviceId: 'laptop-1',
        scope: ['read', 'write'],
      });
    });

    it('getSession reads the stored session back as a new frozen object on every call', async () => {
      const manager = h().manager();
      const created = await manager.createSession(h().did, metadata({ scope: ['a'] }));
      const first = await manager.getSession(created.token);
      const second = await manager.getSession(created.token);
      expect(publicView(first)).toEqual(publicView(created));
      expect(publicView(second)).toEqual(publicView(created));
      expect(first).not.toBe(second);
      expect(first?.createdAt).not.toBe(second?.createdAt);
      expectSessionShape(first!);
      // Dates inside a frozen object stay mutable: a caller's change must not reach storage.
      first!.createdAt.setTime(0);
      first!.expiresAt.setTime(0);
      expect(publicView(await manager.getSession(created.token))).toEqual(publicView(created));
    });

    it('a session made without deviceId or scope reads back without deviceId and with []', async () => {
      const manager = h().manager();
      const created = await manager.createSession(h().did, metadata());
      const read = await manager.getSession(created.token);
      for (const session of [created, read!, (await manager.listSessions(h().did))[0]!]) {
        expect('deviceId' in session).toBe(false);
        expect(session.scope).toEqual([]);
      }
    });

    it('metadata at every size limit round-trips exactly, odd characters included', async () => {
      const manager = h().manager();
      const odd = 'ü€"\'\\\n\t{}[]:*%$ ';
      const meta = {
        ipAddress: `2001:db8::${'f'.repeat(54)}`,
        userAgent: odd.repeat(64),
        deviceId: `${odd}${'d'.repeat(256 - odd.length)}`,
        scope: Array.from({ length: 64 }, (_, i) => `${i}${odd}`.padEnd(256, 's')),
      };
      const created = await manager.createSession(h().did, meta);
      expect(created).toMatchObject(meta);
      expect(await manager.getSession(created.token)).toMatchObject(meta);
      expect((await manager.listSessions(h().did))[0]).toMatchObject(meta);
    });

    it('getSession returns null for a well-formed id that was never issued', async () => {
      const manager = h().manager();
      await manager.createSession(h().did, metadata());
      expect(await manager.getSession(unknownSessionId(h().did))).toBeNull();
    });

    it('listSessions returns the live sessions newest first, as frozen sessions', async () => {
      const { did, clock } = h();
      const manager = h().manager();
      const made = [];
      for (let i = 0; i < 4; i++) {
        made.push(await manager.createSession(did, metadata({ deviceId: `d${i}` })));
        await clock.advance(2);
      }
      await manager.createSession(randomDid(), metadata());
      const listed = await manager.listSessions(did);
      expect(Object.isFrozen(listed)).toBe(true);
      expect(idsOf(listed)).toEqual(idsOf(made).reverse());
      for (const session of listed) expectSessionShape(session);
      expect(listed[3]).toEqual(publicView(made[0]));
      expect(await manager.listSessions(randomDid())).toEqual([]);
    });

    it('a session unused for sessionExpirationSeconds is gone from get and list', async () => {
      const { did, clock } = h();
      const manager = h().manager({ sessionExpirationSeconds: 3 });
      const early = await manager.createSession(did, metadata());
      await clock.advance(1500);
      const late = await manager.createSession(did, metadata());
      await clock.advance(1500);
      expect(idsOf(await manager.listSessions(did))).toEqual([late.id]);
      expect(await manager.getSession(early.token)).toBeNull();
      await clock.advance(1500);
      expect(await manager.listSessions(did)).toEqual([]);
      expect(await manager.getSession(late.token)).toBeNull();
    });

    if (options.clock !== 'real') {
      it('a session is live until the millisecond before expiresAt and gone at expiresAt', async () => {
        const { did, clock } = h();
        const manager = h().manager({ sessionExpirationSeconds: 60 });
        const session = await manager.createSession(did, metadata());
        await clock.advance(60_000 - 1);
        expect(idsOf(await manager.listSessions(did))).toEqual([session.id]);
        await clock.advance(1);
        expect(await manager.listSessions(did)).toEqual([]);
        expect(await manager.getSession(session.token)).toBeNull();
      });
    }

    it('updateSession changes scope, lastActivity and expiresAt of a live session', async () => {
      const { did, clock } = h();
      const manager = h().manager();
      const session = await manager.createSession(did, metadata({ scope: ['read'] }));
      const lastActivity = new Date(clock.now() + 1000);
      const expiresAt = new Date(clock.now() + 2 * HOUR_S * 1000);
      await manager.updateSession(session.id, {
        scope: ['read', 'admin'],
        lastActivity,
        expiresAt,
      });
      // listSessions never slides, so it shows the stored values as they are.
      const [stored] = await manager.listSessions(did);
      expect(publicView(stored)).toEqual({
        ...publicView(session),
        scope: ['read', 'admin'],
        lastActivity,
        expiresAt,
      });
      await manager.updateSession(session.id, {});
      expect((await manager.listSessions(did))[0]).toEqual(stored);
    });

    it('users stay apart, even when their sessions share a bucket', async () => {
      const [alice, bob] = sameBucketDids();
      const manager = h().manager();
      const a = await manager.createSession(alice, metadata());
      const b = await manager.createSession(bob, metadata());
      expect(sessionIdBucket(a.id)).toBe(sessionIdBucket(b.id));
      expect(idsOf(await manager.listSessions(alice))).toEqual([a.id]);
      expect(idsOf(await manager.listSessions(bob))).toEqual([b.id]);
      await manager.revokeAllSessions(alice);
      expect(await manager.getSession(a.token)).toBeNull();
      expect(publicView(await manager.getSession(b.token))).toEqual(publicView(b));
      expect(idsOf(await manager.listSessions(bob))).toEqual([b.id]);
    });
  });
}
