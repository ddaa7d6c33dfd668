import type { SessionStorage } from '@coatcheck/core';
import { SessionManager } from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import { manualClock } from './clock.js';
import { metadata, randomDid } from './fixtures.js';

/** A storage with an in-process cache that learns of no write made elsewhere. */
export interface CachedStorage {
  readonly storage: SessionStorage;
  /** Reads the cache has served so far. */
  hits(): number;
}

/**
 * Registers the checks that a write through a cached storage drops what it changed before it
 * resolves: revoke, update, rotate, revoke-all, revoke-others and a create that evicts the
 * oldest session each leave no read served from the cache's old state.
 *
 * @param make - a fresh cached storage whose invalidation source delivers nothing (so only the
 * storage's own drop can stop a stale hit), tracking up.
 *
 * @example
 * ```ts
 * describeCachedWrites(() => {
 *   const storage = new RedisSessionStorage({ run, cache: {}, invalidation: silentSource });
 *   return { storage, hits: () => storage.cache!.hits };
 * });
 * ```
 */
export function describeCachedWrites(make: () => CachedStorage): void {
  describe('a write through this process drops what it changed before it resolves', () => {
    async function warmed() {
      const { storage, hits } = make();
      const clock = manualClock();
      const sessions = new SessionManager({
        storage,
        now: clock.now,
        config: { maxSessionsPerUser: 2 },
      });
      const did = randomDid();
      const { token, id } = await sessions.createSession(did, metadata());
      // Later sessions are younger, so that eviction takes this one first.
      await clock.advance(1);
      await sessions.getSession(token);
      expect(await sessions.getSession(token)).not.toBeNull();
      expect(hits()).toBe(1);
      return { sessions, did, token, id, clock };
    }

    it('revokeSession', async () => {
      const { sessions, token, id } = await warmed();
      await sessions.revokeSession(id);
      expect(await sessions.getSession(token)).toBeNull();
    });

    it('updateSession', async () => {
      const { sessions, token, id } = await warmed();
      await sessions.updateSession(id, { scope: ['changed'] });
      expect((await sessions.getSession(token))?.scope).toEqual(['changed']);
    });

    it('rotateSession', async () => {
      const { sessions, token, id } = await warmed();
      await sessions.rotateSession(id);
      expect(await sessions.getSession(token)).toBeNull();
    });

    it('revokeAllSessions', async () => {
      const { sessions, token, did } = await warmed();
      await sessions.revokeAllSessions(did);
      expect(await sessions.getSession(token)).toBeNull();
    });

    it('revokeOtherSessions', async () => {
      const { sessions, token, did } = await warmed();
      const other = await sessions.createSession(did, metadata());
      await sessions.revokeOtherSessions(did, other.id);
      expect(await sessions.getSession(token)).toBeNull();
    });

    it('createSession evicting the oldest', async () => {
      const { sessions, token, did, clock } = await warmed();
      await sessions.createSession(did, metadata());
      await clock.advance(1);
      await sessions.createSession(did, metadata());
      expect(await sessions.getSession(token)).toBeNull();
    });
  });
}
