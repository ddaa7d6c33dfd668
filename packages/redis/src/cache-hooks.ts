import { InvalidArgumentError } from '@coatcheck/core';
import type { InvalidationSource } from './invalidation.js';
import type { RedisScript, ScriptName } from './scripts.js';
import { checkCacheOptions, SessionCache } from './session-cache.js';

/** The scripts that change sessions other reads may have cached (`get` changes only its own). */
const SESSION_WRITES: ReadonlySet<ScriptName> = new Set<ScriptName>([
  'create',
  'update',
  'revoke',
  'revokeAll',
  'revokeOthers',
  'rotate',
]);

/**
 * The cache of a storage: `undefined` without the `cache` option; else a {@link SessionCache}
 * subscribed to `invalidation`.
 * @throws InvalidArgumentError (fields `cache`, `cache.*`) for a bad option or an adapter
 * without an invalidation source.
 */
export function cacheFor(
  options: unknown,
  invalidation: InvalidationSource | undefined,
): SessionCache | undefined {
  if (options === undefined) return undefined;
  const checked = checkCacheOptions(options);
  if (invalidation === undefined)
    throw new InvalidArgumentError('cache', 'this adapter cannot track invalidations');
  const written = invalidation.written;
  const cache = new SessionCache(
    checked,
    written === undefined ? undefined : (key) => written.call(invalidation, key),
  );
  invalidation.subscribe(cache);
  return cache;
}

/**
 * `sent`, which drops the entries of `key` once it settles (rejected too: the write may have
 * run) and before anything awaiting it runs, when `script` writes sessions.
 */
export function settleThenDrop(
  cache: SessionCache,
  script: RedisScript,
  key: string,
  sent: Promise<unknown>,
): Promise<unknown> {
  if (!SESSION_WRITES.has(script.name)) return sent;
  return sent.finally(() => cache.written(key));
}
