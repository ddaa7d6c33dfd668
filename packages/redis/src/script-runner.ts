import type { RedisScript } from './scripts.js';

/**
 * Sends one script to Redis in one round trip, the way a client does it best (ioredis:
 * `defineCommand`; Upstash: `EVALSHA`, then `EVAL` on `NOSCRIPT` only). Resolves with the
 * reply as plain values in RESP2 shape: bulk and status strings as `string`, integers as
 * `number`, nil as `null`, arrays as arrays. Rejects with the client's error; the caller wraps
 * it in `StorageError`.
 *
 * @remarks
 * A runner must never retry after any error but `NOSCRIPT`: the script may already have run.
 *
 * @example
 * ```ts
 * const run: ScriptRunner = (script, keys, args) =>
 *   client.evalsha(script.sha1, keys.length, ...keys, ...args.map(String));
 * ```
 */
export type ScriptRunner = (
  script: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>;
