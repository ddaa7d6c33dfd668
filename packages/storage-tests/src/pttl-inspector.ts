import type { SessionStorage } from '@coatcheck/core';
import type { StorageInspector } from './options.js';

/**
 * A {@link StorageInspector} for a Redis backend, from a function that reads the `PTTL` of a
 * session's record key. Redis TTLs run on the server clock: the remaining lifetime is moved
 * onto the suite's clock (`now`).
 *
 * @example
 * ```ts
 * inspect: pttlInspector((storage, id) => redis.pttl((storage as IoRedisStorage).keys.record(id))),
 * ```
 */
export function pttlInspector(
  pttl: (storage: SessionStorage, sessionId: string) => Promise<number>,
): StorageInspector {
  return {
    async recordTtlMs(storage, sessionId, now) {
      const ms = await pttl(storage, sessionId);
      if (ms === -2) return null;
      if (ms === -1) return Number.POSITIVE_INFINITY;
      const left = ms - (now - Date.now());
      return left > 0 ? left : null;
    },
  };
}
