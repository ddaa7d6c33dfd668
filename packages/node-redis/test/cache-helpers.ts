import type { SessionManager } from '@coatcheck/core';
import type { NodeRedisClient } from '@coatcheck/node-redis';
import { NodeRedisStorage } from '@coatcheck/node-redis';
import type { SessionCacheOptions } from '@coatcheck/redis';

/** Polls `condition` every millisecond until it holds; throws after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** A cached storage on `client` whose tracking is up. */
export async function cachedStorage(
  client: NodeRedisClient,
  keyPrefix: string,
  cache: SessionCacheOptions = {},
): Promise<NodeRedisStorage> {
  const storage = new NodeRedisStorage(client, { keyPrefix, cache });
  await waitFor(() => storage.cache?.tracking === true, 'tracking is up');
  return storage;
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
