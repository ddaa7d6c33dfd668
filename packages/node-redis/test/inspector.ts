import type { NodeRedisStorage } from '@coatcheck/node-redis';
import { sessionField, storedDeadline } from '@coatcheck/redis';
import type { StorageInspector } from '@coatcheck/storage-tests';
import type { Connected } from './helpers.js';

/**
 * The suite's view of a stored session: its own deadline (a field of the user's hash) under
 * the key's TTL, moved from the server clock onto the suite's. `current` gives the connection
 * the suite's `beforeAll` made.
 */
export function inspector(current: () => Connected): StorageInspector {
  return {
    async recordTtlMs(storage, sessionId, now) {
      const connected = current();
      const key = (storage as NodeRedisStorage).keys.bucket(sessionId);
      const connection = await connected.connectionFor(key);
      const [raw, ms] = await Promise.all([
        connection.send(['HGET', key, sessionField(sessionId)]),
        connected.pttl(key),
      ]);
      const deadline = storedDeadline(raw == null ? null : String(raw));
      if (deadline === null || ms === -2) return null;
      const keyLeft = ms === -1 ? Number.POSITIVE_INFINITY : ms - (now - Date.now());
      const left = Math.min(deadline - now, keyLeft);
      return left > 0 ? left : null;
    },
  };
}
