import { redactUrl } from './redact-url.js';
import type { ChosenStorage, StorageEnv } from './storage-from-env.js';

/** `host:port,host:port` into cluster start-up nodes. */
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

/** The Redis clients the app can use, `REDIS_CLIENT`'s values. */
export type RedisClientName = 'node-redis' | 'ioredis';

/** `REDIS_CLIENT`: `node-redis` (the default, the client Redis recommends) or `ioredis`. */
export function redisClientName(env: StorageEnv): RedisClientName {
  const name = env.REDIS_CLIENT || 'node-redis';
  if (name !== 'node-redis' && name !== 'ioredis')
    throw new Error(`REDIS_CLIENT: "${name}" is neither node-redis nor ioredis`);
  return name;
}

/** Reports the first connection error after each good spell, not every reconnect attempt. */
function errorReporter(): { error(error: Error): void; ready(): void } {
  let reported = false;
  return {
    error(error) {
      if (!reported) console.error(`error: Redis connection: ${error.message || error.name}`);
      reported = true;
    },
    ready() {
      reported = false;
    },
  };
}

/** Where the environment says Redis is. */
function target(env: StorageEnv) {
  const nodes = env.REDIS_CLUSTER_NODES ? parseClusterNodes(env.REDIS_CLUSTER_NODES) : null;
  return {
    nodes,
    url: env.REDIS_URL ?? '',
    shown: (client: string) =>
      nodes
        ? `Redis Cluster via ${client} (${nodes.length} start-up nodes)`
        : `Redis via ${client} (${redactUrl(env.REDIS_URL ?? '')})`,
  };
}

/**
 * `NodeRedisStorage` on a node-redis client or cluster. Commands wait for the connection at
 * most 2 s, and a server that stops answering is caught by the socket timeout (kept from
 * firing on an idle connection by the pings), so a request never hangs.
 */
export async function nodeRedisStorage(
  env: StorageEnv,
  keyPrefix: { keyPrefix?: string },
): Promise<ChosenStorage> {
  const [{ createClient, createCluster }, { NodeRedisStorage }] = await Promise.all([
    import('redis'),
    import('@coatcheck/node-redis'),
  ]);
  const { nodes, url, shown } = target(env);
  const options = {
    commandOptions: { timeout: 2000 },
    pingInterval: 2000,
    socket: {
      socketTimeout: 5000,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000),
    },
  };
  const client = nodes
    ? createCluster({
        rootNodes: nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
        defaults: options,
      })
    : createClient({ url, ...options });
  const report = errorReporter();
  client.on('error', report.error);
  // Not awaited: the app starts while Redis is away, and answers 503 until it is there.
  client.connect().then(report.ready, report.error);
  return {
    storage: new NodeRedisStorage(client, keyPrefix),
    backend: shown('node-redis'),
    close: async () => {
      await client.close();
    },
  };
}

/** `IoRedisStorage` on an ioredis `Redis` or `Cluster`. */
export async function ioRedisStorage(
  env: StorageEnv,
  keyPrefix: { keyPrefix?: string },
): Promise<ChosenStorage> {
  const [{ Cluster, Redis }, { IoRedisStorage }] = await Promise.all([
    import('ioredis'),
    import('@coatcheck/ioredis'),
  ]);
  const { nodes, url, shown } = target(env);
  const client = nodes ? new Cluster(nodes) : new Redis(url, { maxRetriesPerRequest: 2 });
  // Without a listener ioredis reports every reconnect attempt as an unhandled error.
  const report = errorReporter();
  client.on('error', report.error);
  client.on('ready', report.ready);
  return {
    storage: new IoRedisStorage(client, keyPrefix),
    backend: shown('ioredis'),
    close: async () => {
      await client.quit();
    },
  };
}
