import { InvalidArgumentError } from '@coatcheck/core';
import type { DurabilityOptions, SessionCacheOptions } from '@coatcheck/redis';
import { RedisSessionStorage } from '@coatcheck/redis';
import { clientKeyPrefix, type NodeRedisClient } from './node-redis-client.js';
import { createNodeRedisDurableRunner } from './node-redis-durable-runner.js';
import { createNodeRedisRunner } from './node-redis-runner.js';
import { nodeRedisInvalidationSource, trackability } from './node-redis-tracking.js';

/** Options of {@link NodeRedisStorage}. */
export interface NodeRedisStorageOptions {
  /**
   * Prepended to every key coatcheck writes; must not contain `{` or `}`. A `keyPrefix` set on
   * the node-redis client itself (node-redis 6) is applied in front of it and must not contain
   * braces either.
   * @defaultValue `'coatcheck:'`
   */
  readonly keyPrefix?: string;
  /**
   * After every revoking step, wait until this many replicas hold it; fewer in time reject
   * with `StorageError` (the revocation stands on the primary, and a retry is safe).
   * @defaultValue none (no wait)
   */
  readonly durability?: DurabilityOptions;
  /**
   * Serve `getSession` from process memory when no slide is due, kept coherent by Redis
   * client-side tracking: each connection the client reads through (a standalone client's one,
   * a cluster's one per master) redirects its invalidations to a RESP2 connection of ours
   * (`coatcheck-invalidation`), and a write anywhere drops the entries of its key within
   * milliseconds. While any of them is down, or a master the cluster just learned of is not
   * tracked yet, the cache is empty and every read is a round trip. A client pool and a
   * cluster with `useReplicas: true` are refused with `InvalidArgumentError('cache')`. Close
   * the extra connections with {@link NodeRedisStorage.close} (they also close when the client
   * ends or the cluster disconnects).
   * `maxEntries` defaults to 10000 (entries not served lately go first), `maxStalenessMs` to 30000.
   * @defaultValue none: every read is a round trip
   */
  readonly cache?: SessionCacheOptions;
}

/**
 * coatcheck session storage on Redis or Redis Cluster through node-redis (the `redis`
 * package, 5 or 6, RESP2 or RESP3): every operation is one Lua script in one round trip, in
 * the user's hash slot.
 *
 * @remarks
 * Reads and writes the same data as `IoRedisStorage` and `UpstashStorage` (all build on
 * `@coatcheck/redis`). Client errors, timeouts included, reject with
 * `StorageError('node-redis', operation, cause)`. For fail-fast behaviour configure the client
 * with `disableOfflineQueue`, `commandOptions.timeout`, `socket.connectTimeout` and a
 * `socket.reconnectStrategy` (see the package README).
 *
 * @example
 * ```ts
 * import { SessionManager } from '@coatcheck/core';
 * import { NodeRedisStorage } from '@coatcheck/node-redis';
 * import { createClient } from 'redis';
 *
 * const redis = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
 * const sessions = new SessionManager({ storage: new NodeRedisStorage(redis) });
 * ```
 *
 * @example Redis Cluster
 * ```ts
 * import { createCluster } from 'redis';
 *
 * const cluster = await createCluster({ rootNodes: [{ url: 'redis://10.0.0.1:6379' }] }).connect();
 * const storage = new NodeRedisStorage(cluster, { keyPrefix: 'myapp:' });
 * ```
 */
export class NodeRedisStorage extends RedisSessionStorage {
  /**
   * @param client - a node-redis client (`createClient()`) or cluster (`createCluster()`),
   * connected or connecting; coatcheck never closes it.
   * @param options - the key prefix, durability and cache.
   * @throws InvalidArgumentError for a key prefix (ours or the client's) with `{` or `}`, a
   * `durability` that is not two positive integers, a bad `cache` (fields `cache.maxEntries`,
   * `cache.maxStalenessMs`) or a `cache` on a pool or a cluster with `useReplicas` (field
   * `cache`).
   */
  constructor(client: NodeRedisClient, options: NodeRedisStorageOptions = {}) {
    if (typeof client?.evalSha !== 'function' || typeof client.eval !== 'function')
      throw new InvalidArgumentError('client', 'must be a node-redis client or cluster');
    const clientPrefix = clientKeyPrefix(client);
    if (typeof clientPrefix === 'string' && /[{}]/.test(clientPrefix)) {
      throw new InvalidArgumentError('client.options.keyPrefix', 'must not contain "{" or "}"');
    }
    const tracking = options.cache === undefined ? undefined : trackability(client);
    if (tracking?.kind === 'refused') throw new InvalidArgumentError('cache', tracking.reason);
    super({
      name: 'node-redis',
      run: createNodeRedisRunner(client),
      ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
      ...(options.durability === undefined
        ? {}
        : { durability: options.durability, runDurable: createNodeRedisDurableRunner(client) }),
      ...(options.cache === undefined
        ? {}
        : { cache: options.cache, invalidation: nodeRedisInvalidationSource(client) }),
    });
  }
}
