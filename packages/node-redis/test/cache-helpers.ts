import type { SessionManager } from '@coatcheck/core';
import type { NodeRedisClient } from '@coatcheck/node-redis';
import { NodeRedisStorage } from '@coatcheck/node-redis';
import type { SessionCacheOptions } from '@coatcheck/redis';
import { trackingUp, waitFor } from '@coatcheck/redis-testing';

/** A cached storage on `client` whose tracking is up. */
export function cachedStorage(
  client: NodeRedisClient,
  keyPrefix: string,
  cache: SessionCacheOptions = {},
): Promise<NodeRedisStorage> {
  return trackingUp(new NodeRedisStorage(client, { keyPrefix, cache }));
}

/**
 * Reads `token` through `sessions` until a read is served from `storage`'s cache (the
 * invalidation of the write that created it may drop the first fill).
 */
export async function warm(
  storage: NodeRedisStorage,
  sessions: SessionManager,
  token: string,
): Promise<void> {
  await waitFor(async () => {
    const before = storage.cache!.hits;
    if ((await sessions.getSession(token)) === null) throw new Error('the session is gone');
    return storage.cache!.hits > before;
  }, 'a read is served from the cache');
}
