import type { SessionRevokedEvent } from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import { idsOf, publicView } from './assertions.js';
import { metadata, sleep } from './fixtures.js';
import { useHarness } from './harness.js';
import type { ConformanceOptions } from './options.js';

/**
 * Registers the audit-hook checks: `onSessionCreated`, `onSessionRevoked` with every reason
 * and the exact ids, hooks awaited, and a throwing or rejecting hook logged at error level
 * without breaking the operation. Also checks that no log line holds a session id or token.
 */
export function describeHooks(options: ConformanceOptions): void {
  describe('hooks', () => {
    const h = useHarness(options);

    it('onSessionCreated receives each created session once', async () => {
      const manager = h().manager();
      const a = await manager.createSession(h().did, metadata({ deviceId: 'a' }));
      const b = await manager.createSession(h().did, metadata({ scope: ['x'] }));
      expect(h().created).toEqual([publicView(a), publicView(b)]);
    });

    it('onSessionRevoked reports every way a session ends, with its reason and exact id', async () => {
      const { did, clock } = h();
      const manager = h().manager({ maxSessionsPerUser: 3 });
      const s = [];
      for (let i = 0; i < 4; i++) {
        s.push(await manager.createSession(did, metadata()));
        await clock.advance(2);
      }
      await manager.revokeSession(s[1]!.id);
      const rotated = await manager.rotateSession(s[2]!.id);
      const keep = await manager.createSession(did, metadata());
      await manager.revokeOtherSessions(did, keep.id);
      const last = await manager.createSession(did, metadata());
      await manager.revokeAllSessions(did);
      const event = (session: { id: string }, reason: SessionRevokedEvent['reason']) => ({
        sessionId: session.id,
        did,
        reason,
      });
      expect(h().revoked.slice(0, 3)).toEqual([
        event(s[0]!, 'evicted'),
        event(s[1]!, 'revoked'),
        event(s[2]!, 'rotated'),
      ]);
      expect(
        h()
          .revoked.slice(3, 5)
          .sort((x, y) => (x.sessionId < y.sessionId ? -1 : 1)),
      ).toEqual(
        [event(s[3]!, 'others-revoked'), event(rotated, 'others-revoked')].sort((x, y) =>
          x.sessionId < y.sessionId ? -1 : 1,
        ),
      );
      expect(
        h()
          .revoked.slice(5)
          .map((e) => e.reason),
      ).toEqual(['revoked-all', 'revoked-all']);
      expect(h().revokedIds('revoked-all').sort()).toEqual(idsOf([keep, last]).sort());
      expect(h().revoked).toHaveLength(7);
    });

    it('hooks are awaited before the operation resolves', async () => {
      const done: string[] = [];
      const manager = h().manager(
        {},
        {
          async onSessionCreated() {
            await sleep(5);
            done.push('created');
          },
          async onSessionRevoked() {
            await sleep(5);
            done.push('revoked');
          },
        },
      );
      const session = await manager.createSession(h().did, metadata());
      expect(done).toEqual(['created']);
      await manager.revokeSession(session.id);
      expect(done).toEqual(['created', 'revoked']);
    });

    it('a throwing or rejecting hook is logged at error level and never breaks the operation', async () => {
      const calls: string[] = [];
      const manager = h().manager(
        { maxSessionsPerUser: 1 },
        {
          onSessionCreated() {
            calls.push('created');
            throw new Error('audit log down');
          },
          async onSessionRevoked(event) {
            calls.push(event.reason);
            throw new Error('audit log down');
          },
        },
      );
      const first = await manager.createSession(h().did, metadata());
      await h().clock.advance(2);
      const second = await manager.createSession(h().did, metadata());
      expect(idsOf(await manager.listSessions(h().did))).toEqual([second.id]);
      const rotated = await manager.rotateSession(second.id);
      await manager.revokeSession(rotated.id);
      expect(await manager.getSession(rotated.token)).toBeNull();
      expect(await manager.getSession(first.token)).toBeNull();
      expect(calls).toEqual(['created', 'created', 'evicted', 'rotated', 'revoked']);
      const errors = h().logs.filter((l) => l.level === 'error');
      expect(errors).toHaveLength(5);
      for (const line of errors) expect(JSON.stringify(line)).toContain('audit log down');
    });

    it('no log line holds a session id or a token id', async () => {
      const { did, clock } = h();
      const manager = h().manager({ maxSessionsPerUser: 1 });
      const a = await manager.createSession(did, metadata());
      await clock.advance(2);
      const b = await manager.createSession(did, metadata());
      await manager.getSession(b.token);
      const c = await manager.rotateSession(b.id);
      await manager.updateSession(c.id, { scope: ['x'] });
      await manager.revokeSession(c.id);
      await manager.updateSession(c.id, {}).catch(() => undefined);
      const jti = 'secret-token-id-0123456789';
      await manager.revokeToken(jti, new Date(clock.now() + 60_000));
      await manager.isTokenRevoked(jti);
      expect(h().logs.length).toBeGreaterThan(0);
      const text = JSON.stringify(h().logs);
      for (const secret of [a.id, b.id, c.id, jti]) expect(text).not.toContain(secret);
    });
  });
}
