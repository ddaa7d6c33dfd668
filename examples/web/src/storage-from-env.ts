import type { SessionStorage } from '@coatcheck/core';
import { redactUrl } from './redact-url.js';

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

/** `host:port,host:port` into ioredis Cluster start-up nodes. */
export function parseClusterNodes(list: string): { host: string; port: number }[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const at = entry.lastIndexOf(':');
      const host = entry.slice(0, at);
      const port = Number(entry.slice(at + 1));
      if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65_535) {
        throw new Error(`REDIS_CLUSTER_NODES: "${entry}" is not host:port`);
      }
      return { host, port };
    });
}

/**
 * Picks the session storage from the environment, first match wins:
 * `UPSTASH_REDIS_REST_URL` + `UPSTASH_REDIS_REST_TOKEN` → `UpstashStorage`;
 * `REDIS_CLUSTER_NODES` (`host:port,...`) → `IoRedisStorage` on an ioredis `Cluster`;
 * `REDIS_URL` → `IoRedisStorage` on an ioredis `Redis`; otherwise `MemoryStorage`.
 * `COATCHECK_KEY_PREFIX` sets the Redis key prefix. Adapters and clients are imported only
 * when chosen, so the memory default needs neither.
 */
export async function storageFromEnv(env: StorageEnv): Promise<ChosenStorage> {
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
    const [{ Cluster, Redis }, { IoRedisStorage }] = await Promise.all([
      import('ioredis'),
      import('@coatcheck/ioredis'),
    ]);
    const client = env.REDIS_CLUSTER_NODES
      ? new Cluster(parseClusterNodes(env.REDIS_CLUSTER_NODES))
      : new Redis(env.REDIS_URL as string, { maxRetriesPerRequest: 2 });
    // Without a listener ioredis reports every reconnect attempt as an unhandled error.
    let reported = false;
    client.on('error', (error: Error) => {
      if (!reported) console.error(`error: Redis connection: ${error.message}`);
      reported = true;
    });
    client.on('ready', () => {
      reported = false;
    });
    const backend = env.REDIS_CLUSTER_NODES
      ? `Redis Cluster via ioredis (${parseClusterNodes(env.REDIS_CLUSTER_NODES).length} start-up nodes)`
      : `Redis via ioredis (${redactUrl(env.REDIS_URL as string)})`;
    return {
      storage: new IoRedisStorage(client, keyPrefix),
      backend,
      close: async () => {
        await client.quit();
      },
    };
  }
  const { MemoryStorage } = await import('@coatcheck/memory');
  return {
    storage: new MemoryStorage(),
    backend: 'memory (this process only)',
    close: async () => {},
  };
}
