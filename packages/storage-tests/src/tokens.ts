import { describe, expect, it } from 'vitest';
import { metadata } from './fixtures.js';
import { useHarness } from './harness.js';
import type { ConformanceOptions } from './options.js';

/**
 * Registers the token-blacklist checks: `revokeToken` / `isTokenRevoked`, entries that expire
 * at `expiresAt`, no write for a token already expired, and exact, separate keys.
 */
export function describeTokens(options: ConformanceOptions): void {
  describe('token blacklist', () => {
    const h = useHarness(options);

    it('a revoked jti reads as revoked; others do not', async () => {
      const manager = h().manager();
      const until = new Date(h().clock.now() + 3_600_000);
      await manager.revokeToken('jti-1', until);
      expect(await manager.isTokenRevoked('jti-1')).toBe(true);
      expect(await manager.isTokenRevoked('jti-2')).toBe(false);
      expect(await manager.isTokenRevoked('jti-')).toBe(false);
    });

    it('the entry ends at expiresAt', async () => {
      const { clock } = h();
      const manager = h().manager();
      await manager.revokeToken('short', new Date(clock.now() + 2000));
      await manager.revokeToken('long', new Date(clock.now() + 60_000));
      expect(await manager.isTokenRevoked('short')).toBe(true);
      await clock.advance(2000);
      expect(await manager.isTokenRevoked('short')).toBe(false);
      expect(await manager.isTokenRevoked('long')).toBe(true);
    });

    if (options.clock !== 'real') {
      it('the entry holds until the millisecond before expiresAt', async () => {
        const { clock } = h();
        const manager = h().manager();
        await manager.revokeToken('edge', new Date(clock.now() + 5000));
        await clock.advance(4999);
        expect(await manager.isTokenRevoked('edge')).toBe(true);
        await clock.advance(1);
        expect(await manager.isTokenRevoked('edge')).toBe(false);
      });
    }

    it('a token already past expiresAt writes nothing', async () => {
      const { clock, storage } = h();
      const manager = h().manager();
      await manager.revokeToken('stale', new Date(clock.now() - 1000));
      await manager.revokeToken('stale', new Date(0));
      if (clock.mode === 'manual') await manager.revokeToken('stale', new Date(clock.now()));
      expect(storage.calls.revokeToken).toBe(0);
      expect(await manager.isTokenRevoked('stale')).toBe(false);
    });

    it('revoking again with a later expiresAt extends the entry', async () => {
      const { clock } = h();
      const manager = h().manager();
      await manager.revokeToken('twice', new Date(clock.now() + 1000));
      await manager.revokeToken('twice', new Date(clock.now() + 60_000));
      await clock.advance(1500);
      expect(await manager.isTokenRevoked('twice')).toBe(true);
    });

    it('jtis are exact keys: patterns, separators and long ids do not collide', async () => {
      const manager = h().manager();
      const until = new Date(h().clock.now() + 3_600_000);
      const revoked = ['a*', 'b?', '{c}', 'd:e', ' f ', 'ü€', 'g'.repeat(256)];
      for (const jti of revoked) await manager.revokeToken(jti, until);
      for (const jti of revoked) expect(await manager.isTokenRevoked(jti)).toBe(true);
      for (const jti of ['ab', 'bx', 'c', '{c', 'd', 'e', 'f', 'ü', 'g'.repeat(255)]) {
        expect(await manager.isTokenRevoked(jti)).toBe(false);
      }
    });

    it('tokens and sessions are separate namespaces', async () => {
      const manager = h().manager();
      const session = await manager.createSession(h().did, metadata());
      await manager.revokeToken(session.id, new Date(h().clock.now() + 3_600_000));
      expect(await manager.getSession(session.token)).not.toBeNull();
      await manager.revokeToken('kept', new Date(h().clock.now() + 3_600_000));
      await manager.revokeAllSessions(h().did);
      expect(await manager.isTokenRevoked('kept')).toBe(true);
      expect(await manager.isTokenRevoked(session.id)).toBe(true);
      const other = await manager.createSession(h().did, metadata());
      await manager.revokeSession(other.id);
      expect(await manager.isTokenRevoked(other.id)).toBe(false);
    });
  });
}
