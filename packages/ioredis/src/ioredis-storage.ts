import { InvalidArgumentError } from '@coatcheck/core';
import {
  type DurabilityOptions,
  RedisSessionStorage,
  type SessionCacheOptions,
} from '@coatcheck/redis';
import type { Cluster, Redis } from 'ioredis';
import {
  createIoRedisDurableRunner,
  createIoRedisRunner,
  evictionPolicyReader,
} from './ioredis-runner.js';
import { ioredisInvalidationSource } from './ioredis-tracking.js';

/** Options of {@link IoRedisStorage}. */
export interface IoRedisStorageOptions {
  /**
   * Prepended to every key coatcheck writes; must not contain `{` or `}`. A `keyPrefix` set on
   * the ioredis client itself is applied in front of it (and must not contain braces either).
   * @defaultValue `'coatcheck:'`
   */
  readonly keyPrefix?: string;
  /**
   * After every revoking step (revoke, revokeAll, revokeOthers, rotate, revokeToken), wait
   * until `replicas` replicas hold it (`WAIT`, pipelined with the script on the same
   * connection); when fewer acknowledge within `timeoutMs` the call rejects with
   * `StorageError` (the revocation stands on the primary; a retry is safe).
   * @defaultValue none: resolve once the primary has run the step
   */
  readonly durability?: DurabilityOptions;
  /**
   * Serve `getSession` from process memory when no slide is due, kept coherent by Redis
   * client-side tracking: each server the client reads from gets a second, RESP2 connection
   * (`coatcheck-invalidation`) that receives invalidations, and a write anywhere drops the
   * entries of its key within milliseconds. While any such connection is down the cache is
   * empty and every read is a round trip. Close those connections with
   * {@link IoRedisStorage.close} (they also close when the client ends).
   * `maxEntries` defaults to 10000 (entries not served lately go first), `maxStalenessMs` to 30000.
   * @defaultValue none: every read is a round trip
   */
  readonly cache?: SessionCacheOptions;
}

/**
 * coatcheck session storage on Redis or Redis Cluster through ioredis: every operation is one
 * Lua script in one round trip, on the one key of the user's bucket.
 *
 * @remarks
 * Reads and writes the same data as `UpstashStorage` (both build on `@coatcheck/redis`).
 * Client errors, timeouts included, reject with `StorageError('ioredis', operation, cause)`.
 * ioredis re-sends a command whose reply a dropped connection lost
 * (`autoResendUnfulfilledCommands`); every script answers such a re-send with its first run's
 * outcome. At first use the adapter reads `maxmemory-policy` and logs an error for any policy
 * but `noeviction` (a refused `CONFIG` is ignored).
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
 * @example Redis Cluster, revocations held by a replica before they resolve
 * ```ts
 * import { Cluster } from 'ioredis';
 *
 * const cluster = new Cluster([{ host: '10.0.0.1', port: 6379 }], {
 *   enableOfflineQueue: false,
 *   redisOptions: { maxRetriesPerRequest: 1, commandTimeout: 1000 },
 * });
 * const storage = new IoRedisStorage(cluster, {
 *   keyPrefix: 'myapp:',
 *   durability: { replicas: 1, timeoutMs: 100 },
 * });
 * ```
 */
export class IoRedisStorage extends RedisSessionStorage {
  /**
   * @param client - a connected (or connecting) ioredis `Redis` or `Cluster`; coatcheck never
   * closes it.
   * @param options - the key prefix, durability and cache.
   * @throws InvalidArgumentError for a key prefix (ours or the client's) with `{` or `}`, or a
   * bad `durability` or `cache` (fields `cache.maxEntries`, `cache.maxStalenessMs`).
   */
  constructor(client: Redis | Cluster, options: IoRedisStorageOptions = {}) {
    const clientPrefix = client.options.keyPrefix;
    if (typeof clientPrefix === 'string' && /[{}]/.test(clientPrefix)) {
      throw new InvalidArgumentError('client.options.keyPrefix', 'must not contain "{" or "}"');
    }
    super({
      name: 'ioredis',
      run: createIoRedisRunner(client),
      readEvictionPolicy: evictionPolicyReader(client),
      ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
      ...(options.durability === undefined
        ? {}
        : { durability: options.durability, runDurable: createIoRedisDurableRunner(client) }),
      ...(options.cache === undefined
        ? {}
        : { cache: options.cache, invalidation: ioredisInvalidationSource(client) }),
    });
  }
}
