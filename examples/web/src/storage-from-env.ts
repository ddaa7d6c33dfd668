import type { SessionStorage } from '@coatcheck/core';
import { redactUrl } from './redact-url.js';
import { ioRedisStorage, nodeRedisStorage, redisClientName } from './redis-from-env.js';

/** The storage the environment asked for. */
export interface ChosenStorage {
  readonly storage: SessionStorage;
  /** Printed at start and shown in the footer; never holds a password or token. */
  readonly backend: string;
  /** Closes the backend's connections. */
  close(): Promise<void>;
}

/** Environment variables read by {@link storageFromEnv}. */
export type StorageEnv = Readonly<Record<string, string | undefined>>;

/**
 * Picks the session storage from the environment, first match wins:
 * `UPSTASH_REDIS_REST_URL` + `UPSTASH_REDIS_REST_TOKEN` → `UpstashStorage`;
 * `REDIS_CLUSTER_NODES` (`host:port,...`) → a Redis Cluster, `REDIS_URL` → one Redis, through
 * `NodeRedisStorage` (node-redis) or, with `REDIS_CLIENT=ioredis`, `IoRedisStorage`;
 * otherwise `MemoryStorage`.
 * `COATCHECK_KEY_PREFIX` sets the Redis key prefix. Adapters and clients are imported only
 * when chosen, so the memory default needs neither.
 */
export async function storageFromEnv(env: StorageEnv): Promise<ChosenStorage> {
  const redisClient = redisClientName(env); // a typo fails at start, whatever else is set
  const keyPrefix = env.COATCHECK_KEY_PREFIX ? { keyPrefix: env.COATCHECK_KEY_PREFIX } : {};
  const upstashUrl = env.UPSTASH_REDIS_REST_URL;
  const upstashToken = env.UPSTASH_REDIS_REST_TOKEN;
  if (Boolean(upstashUrl) !== Boolean(upstashToken)) {
    throw new Error('set both UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or neither');
  }
  if (upstashUrl && upstashToken) {
    const [{ Redis }, { UpstashStorage }] = await Promise.all([
      import('@upstash/redis'),
      import('@coatcheck/upstash'),
    ]);
    const client = new Redis({
      url: upstashUrl,
      token: upstashToken,
      signal: () => AbortSignal.timeout(5000),
    });
    return {
      storage: new UpstashStorage(client, keyPrefix),
      backend: `Upstash Redis REST (${redactUrl(upstashUrl)})`,
      close: async () => {},
    };
  }
  if (env.REDIS_CLUSTER_NODES || env.REDIS_URL) {
    return redisClient === 'ioredis'
      ? ioRedisStorage(env, keyPrefix)
      : nodeRedisStorage(env, keyPrefix);
  }
  const { MemoryStorage } = await import('@coatcheck/memory');
  return {
    storage: new MemoryStorage(),
    backend: 'memory (this process only)',
    close: async () => {},
  };
}
