import { RedisSessionStorage, UPSTASH_SCRIPTS } from '@coatcheck/redis';
import type { Redis } from '@upstash/redis';
import { createUpstashRunner } from './upstash-runner.js';

/** Options of {@link UpstashStorage}. */
export interface UpstashStorageOptions {
  /**
   * Prepended to every key. Use the same prefix as an `IoRedisStorage` on the same database to
   * share sessions with it. Must not contain `{` or `}`.
   * @defaultValue `'coatcheck:'`
   */
  readonly keyPrefix?: string;
}

/**
 * coatcheck sessions on Upstash Redis through `@upstash/redis`, over HTTP: for edge and
 * serverless functions, which have no TCP sockets.
 *
 * Each operation is one Lua script of `@coatcheck/redis`, sent as `EVALSHA`, so every operation
 * is atomic. Operations issued together (in the same tick, as concurrent requests of one
 * isolate or process do) share one `/pipeline` HTTP request, each still its own script with
 * its own reply; a lone operation is one request (plus one `EVAL` request the first time a
 * server lacks the script). The data layout is the one `IoRedisStorage` uses: with the same
 * database and key prefix, both adapters read and write the same sessions.
 *
 * Failures (HTTP errors, timeouts, a bad token, unreadable replies) reject with `StorageError`
 * whose message and cause hold no session id or token.
 *
 * @remarks
 * Configure the client's timeout with a signal *factory*, such as
 * `signal: () => AbortSignal.timeout(5000)`, a fresh timeout per request; a timed-out request
 * rejects its operations with `StorageError` whose cause reads `TimeoutError: ...`. The
 * client retries network errors (5 times by default); a request whose reply was lost may then
 * run its scripts twice. `retry: { retries: 0 }` makes one attempt (`retry: false` still makes two).
 *
 * @example
 * ```ts
 * import { SessionManager } from '@coatcheck/core';
 * import { UpstashStorage } from '@coatcheck/upstash';
 * import { Redis } from '@upstash/redis';
 *
 * const sessions = new SessionManager({
 *   storage: new UpstashStorage(Redis.fromEnv(), { keyPrefix: 'myapp:' }),
 * });
 * ```
 */
export class UpstashStorage extends RedisSessionStorage {
  /**
   * @param client - an `@upstash/redis` client (from `@upstash/redis`, `/cloudflare` or
   * `/fastly`); its own settings (auto-pipelining, `automaticDeserialization`) do not matter.
   * @param options - see {@link UpstashStorageOptions}.
   * @throws InvalidArgumentError for a `client` that is not an `@upstash/redis` client, or a bad
   * `keyPrefix`.
   */
  constructor(client: Redis, options: UpstashStorageOptions = {}) {
    super({
      name: 'upstash',
      run: createUpstashRunner(client),
      scripts: UPSTASH_SCRIPTS,
      ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
    });
  }
}
