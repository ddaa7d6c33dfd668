import { InvalidArgumentError } from '@coatcheck/core';
import { RedisSessionStorage } from '@coatcheck/redis';
import type { Cluster, Redis } from 'ioredis';
import { createIoRedisRunner } from './ioredis-runner.js';

/** Options of {@link IoRedisStorage}. */
export interface IoRedisStorageOptions {
  /**
   * Prepended to every key coatcheck writes; must not contain `{` or `}`. A `keyPrefix` set on
   * the ioredis client itself is applied in front of it (and must not contain braces either).
   * @defaultValue `'coatcheck:'`
   */
  readonly keyPrefix?: string;
}

/**
 * coatcheck session storage on Redis or Redis Cluster through ioredis: every operation is one
 * Lua script in one round trip, in the user's hash slot.
 *
 * @remarks
 * Reads and writes the same data as `UpstashStorage` (both build on `@coatcheck/redis`).
 * Client errors, timeouts included, reject with `StorageError('ioredis', operation, cause)`.
 * For fail-fast behaviour configure the client with `maxRetriesPerRequest`,
 * `enableOfflineQueue: false` and `commandTimeout` (see the package README).
 *
 * @example
 * ```ts
 * import { SessionManager } from '@coatcheck/core';
 * import { IoRedisStorage } from '@coatcheck/ioredis';
 * import { Redis } from 'ioredis';
 *
 * const redis = new Redis({ maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1000 });
 * const sessions = new SessionManager({ storage: new IoRedisStorage(redis) });
 * ```
 *
 * @example Redis Cluster
 * ```ts
 * import { Cluster } from 'ioredis';
 *
 * const cluster = new Cluster([{ host: '10.0.0.1', port: 6379 }], {
 *   enableOfflineQueue: false,
 *   redisOptions: { maxRetriesPerRequest: 1, commandTimeout: 1000 },
 * });
 * const storage = new IoRedisStorage(cluster, { keyPrefix: 'myapp:' });
 * ```
 */
export class IoRedisStorage extends RedisSessionStorage {
  /**
   * @param client - a connected (or connecting) ioredis `Redis` or `Cluster`; coatcheck never
   * closes it.
   * @param options - the key prefix.
   * @throws InvalidArgumentError for a key prefix (ours or the client's) with `{` or `}`.
   */
  constructor(client: Redis | Cluster, options: IoRedisStorageOptions = {}) {
    const clientPrefix = client.options.keyPrefix;
    if (typeof clientPrefix === 'string' && /[{}]/.test(clientPrefix)) {
      throw new InvalidArgumentError('client.options.keyPrefix', 'must not contain "{" or "}"');
    }
    super({
      name: 'ioredis',
      run: createIoRedisRunner(client),
      ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
    });
  }
}
