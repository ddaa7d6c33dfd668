import { type IssuedSession, parseToken } from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import { idsOf } from './assertions.js';
import { metadata, randomDid } from './fixtures.js';
import { type Harness, useHarness } from './harness.js';
import type { ConformanceOptions } from './options.js';

/** `token` with its secret replaced by `secret`. */
function withSecret(token: string, secret: string): string {
  return `${parseToken(token)!.id}.${secret}`;
}

/** `secret` with one character changed, still well formed. */
function flipped(secret: string): string {
  const first = secret[0] === 'A' ? 'B' : 'A';
  return first + secret.slice(1);
}

/** The secrets of `sessions`, which must never reach storage, a hook or a list. */
function secretsOf(sessions: readonly IssuedSession[]): string[] {
  return sessions.map((session) => parseToken(session.token)!.secret);
}

/** Asserts that no secret appears in `text`. */
function expectNoSecret(text: string, secrets: readonly string[], where: string): void {
  for (const secret of secrets) expect(text.includes(secret), `a secret in ${where}`).toBe(false);
}

/** lastActivity as stored, read without sliding (listSessions never slides). */
async function storedLastActivity(h: Harness, id: string): Promise<number | undefined> {
  const listed = await h.manager().listSessions(h.did);
  return listed.find((s) => s.id === id)?.lastActivity.getTime();
}

/**
 * Registers the checks of public ids and bearer tokens: only a token with the right secret
 * reads a session, a failed read writes nothing, secrets reach no storage call, stored byte,
 * hook or list, and `fresh` says exactly when a read slid.
 */
export function describeBearerTokens(options: ConformanceOptions): void {
  describe('ids and bearer tokens', () => {
    const h = useHarness(options);

    it('createSession and rotateSession issue a token that names the session and reads it', async () => {
      const manager = h().manager();
      const created = await manager.createSession(h().did, metadata());
      expect(created.token.length).toBeLessThanOrEqual(128);
      expect(created.token).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(parseToken(created.token)?.id).toBe(created.id);
      expect((await manager.getSession(created.token))?.id).toBe(created.id);
      const rotated = await manager.rotateSession(created.id);
      expect(parseToken(rotated.token)?.id).toBe(rotated.id);
      expect(rotated.token).not.toBe(created.token);
      expect((await manager.getSession(rotated.token))?.id).toBe(rotated.id);
    });

    it('a bare id, a wrong secret and another session’s secret read as null and slide nothing', async () => {
      const { did, clock } = h();
      const manager = h().manager({ touchIntervalSeconds: 0 });
      const a = await manager.createSession(did, metadata());
      const b = await manager.createSession(did, metadata());
      const before = await storedLastActivity(h(), a.id);
      await clock.advance(2000);
      const secretOfB = parseToken(b.token)!.secret;
      const attempts = [a.id, withSecret(a.token, flipped(parseToken(a.token)!.secret))];
      attempts.push(withSecret(a.token, secretOfB));
      for (const attempt of attempts) {
        expect(
          await manager.getSession(attempt),
          attempt.length === 36 ? 'bare id' : 'bad secret',
        ).toBeNull();
      }
      expect(await storedLastActivity(h(), a.id)).toBe(before);
      // The real token still works, and only now does the session slide.
      const read = await manager.getSession(a.token);
      expect(read?.fresh).toBe(true);
      expect(await storedLastActivity(h(), a.id)).toBeGreaterThan(before!);
    });

    it('no secret reaches a storage call, a hook, a list or (where it can be scanned) the backend', async () => {
      const manager = h().manager({ maxSessionsPerUser: 2 });
      const issued: IssuedSession[] = [];
      for (let i = 0; i < 3; i++) issued.push(await manager.createSession(h().did, metadata()));
      issued.push(await manager.rotateSession(issued[2]!.id));
      for (const session of issued) await manager.getSession(session.token);
      const secrets = secretsOf(issued);
      expectNoSecret(JSON.stringify(h().storage.log), secrets, 'a storage call');
      expectNoSecret(JSON.stringify([h().created, h().revoked]), secrets, 'a hook');
      const listed = await manager.listSessions(h().did, { includeRevoked: true });
      expectNoSecret(JSON.stringify(listed), secrets, 'a list');
      for (const session of listed) expect('token' in session).toBe(false);
      for (const session of h().created) expect('token' in session).toBe(false);
      expectNoSecret(JSON.stringify(h().logs), secrets, 'a log line');
      const dump = await options.inspect?.dump?.(h().raw);
      if (dump !== undefined) {
        expect(dump.length).toBeGreaterThan(0);
        expectNoSecret(dump, secrets, 'the backend');
        for (const session of issued) expect(dump.includes(session.token)).toBe(false);
      }
    });

    if (options.clock !== 'real') {
      it('fresh is true exactly when the read slid the session', async () => {
        const { did, clock } = h();
        const manager = h().manager({ sessionExpirationSeconds: 600, touchIntervalSeconds: 60 });
        const session = await manager.createSession(did, metadata());
        await clock.advance(59_999);
        const early = await manager.getSession(session.token);
        expect(early?.fresh).toBe(false);
        expect(early?.expiresAt).toEqual(session.expiresAt);
        await clock.advance(1);
        const due = await manager.getSession(session.token);
        expect(due?.fresh).toBe(true);
        expect(due!.expiresAt.getTime()).toBe(clock.now() + 600_000);
        const again = await manager.getSession(session.token);
        expect(again?.fresh).toBe(false);
        expect(again?.expiresAt).toEqual(due?.expiresAt);
      });
    }

    it('revokeSession with { did } leaves another user’s session alone', async () => {
      const manager = h().manager();
      const mine = await manager.createSession(h().did, metadata());
      const other = randomDid();
      const theirs = await manager.createSession(other, metadata());
      await manager.revokeSession(theirs.id, { did: h().did });
      expect(await manager.getSession(theirs.token)).not.toBeNull();
      expect(h().revoked).toEqual([]);
      await manager.revokeSession(mine.id, { did: h().did });
      expect(await manager.getSession(mine.token)).toBeNull();
      expect(h().revokedIds('revoked')).toEqual([mine.id]);
      await manager.revokeSession(theirs.id, { did: other });
      expect(await manager.getSession(theirs.token)).toBeNull();
    });

    it('listSessions with includeRevoked returns the revoked records still kept, marked', async () => {
      const { did, clock } = h();
      const manager = h().manager({ revokedRetentionSeconds: 600 });
      const a = await manager.createSession(did, metadata({ deviceId: 'a' }));
      await clock.advance(2);
      const b = await manager.createSession(did, metadata({ deviceId: 'b' }));
      await clock.advance(2);
      const c = await manager.createSession(did, metadata({ deviceId: 'c' }));
      await manager.revokeSession(b.id);
      expect(idsOf(await manager.listSessions(did))).toEqual([c.id, a.id]);
      const all = await manager.listSessions(did, { includeRevoked: true });
      expect(idsOf(all)).toEqual([c.id, b.id, a.id]);
      expect(all.map((s) => s.revoked === true)).toEqual([false, true, false]);
      expect(all[1]?.deviceId).toBe('b');
      for (const s of await manager.listSessions(did)) expect(s.revoked).toBeUndefined();
    });

    it('with revokedRetentionSeconds 0 a revoked session is deleted at once', async () => {
      const { did, clock } = h();
      const manager = h().manager({ revokedRetentionSeconds: 0, maxSessionsPerUser: 2 });
      const a = await manager.createSession(did, metadata());
      await clock.advance(2); // distinct createdAt, so "oldest" is well defined
      const b = await manager.createSession(did, metadata());
      await clock.advance(2);
      const c = await manager.createSession(did, metadata()); // evicts a
      await manager.revokeSession(b.id);
      expect(idsOf(await manager.listSessions(did, { includeRevoked: true }))).toEqual([c.id]);
      expect(await manager.getSession(a.token)).toBeNull();
      expect(await manager.getSession(b.token)).toBeNull();
      if (options.inspect) {
        expect(await h().ttl(a.id)).toBeNull();
        expect(await h().ttl(b.id)).toBeNull();
      }
      await manager.revokeAllSessions(did);
      expect(await manager.listSessions(did, { includeRevoked: true })).toEqual([]);
      if (options.inspect) expect(await h().ttl(c.id)).toBeNull();
    });
  });
}
