import { MemoryStorage } from '@coatcheck/memory';
import type { Redis } from 'ioredis';
import {
  importOptional,
  loadAdapter,
  type MissingBackend,
  type SessionBackend,
} from './backends.js';
import type { Workload } from './harness.js';
import type { RequestCounter } from './request-counter.js';
import { LIMIT_KEY, TRIVIAL_SCRIPT } from './suites/redis-baselines.js';

/** What the Redis-backed adapters share: the server, the app's client, and a reset. */
export interface RedisContext {
  readonly url: string;
  /** The connection every adapter row and limit row shares, as one app process would. */
  readonly client: Redis;
  readonly reset: () => Promise<void>;
  readonly counter: RequestCounter;
  /** Registers a clean-up that runs when the bench ends, last registered first. */
  readonly onClose: (close: () => Promise<unknown> | unknown) => void;
}

type Setup = SessionBackend | MissingBackend;

/** `IoRedisStorage` on the shared client. */
export async function ioredisBackend(ctx: RedisContext): Promise<Setup> {
  const group = 'IoRedisStorage';
  const IoRedisStorage = await loadAdapter('@coatcheck/ioredis', 'IoRedisStorage');
  if (typeof IoRedisStorage === 'string') return { group, reason: IoRedisStorage };
  const storage = new IoRedisStorage(ctx.client);
  return {
    id: 'ioredis',
    group,
    createStorage: () => storage,
    reset: ctx.reset,
    counter: ctx.counter,
    scaling: true,
  };
}

/** The part of a node-redis client the bench uses. */
interface NodeRedisClient {
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  scriptLoad(script: string): Promise<string>;
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/**
 * `NodeRedisStorage` on its own node-redis 6 client (RESP3, its default), with the raw
 * node-redis `EVALSHA` of the limit script as its baseline and paired reference.
 */
export async function nodeRedisBackend(ctx: RedisContext): Promise<Setup> {
  const group = 'NodeRedisStorage (node-redis, RESP3)';
  const NodeRedisStorage = await loadAdapter('@coatcheck/node-redis', 'NodeRedisStorage');
  if (typeof NodeRedisStorage === 'string') return { group, reason: NodeRedisStorage };
  const redisModule = await importOptional('redis');
  if (redisModule instanceof Error) return { group, reason: 'redis is not installed' };
  const createClient = redisModule.createClient as (options: object) => NodeRedisClient;
  const client = createClient({ url: ctx.url });
  await client.connect();
  ctx.onClose(() => client.close());
  const evalshaReference = async () => {
    await ctx.client.set(LIMIT_KEY, 'x'.repeat(300));
    const sha = await client.scriptLoad(TRIVIAL_SCRIPT);
    const options = { keys: [LIMIT_KEY], arguments: ['2592000000'] };
    return () => client.evalSha(sha, options);
  };
  const storage = new NodeRedisStorage(client);
  return {
    id: 'node-redis',
    group,
    createStorage: () => storage,
    baselines: [
      {
        id: 'node-redis.limit.evalsha',
        label: 'raw node-redis `EVALSHA`, script doing GET + PEXPIRE',
        prepare: async () => {
          await ctx.reset();
          return evalshaReference();
        },
      },
    ],
    evalshaReference,
    reset: ctx.reset,
    counter: ctx.counter,
  };
}

/** `KeyvStorage` on Keyv 6 with `@keyv/redis`, on the same server. */
export async function keyvBackend(ctx: RedisContext): Promise<Setup> {
  const group = 'KeyvStorage (Keyv + @keyv/redis)';
  const KeyvStorage = await loadAdapter('@coatcheck/keyv', 'KeyvStorage');
  if (typeof KeyvStorage === 'string') return { group, reason: KeyvStorage };
  const keyvModule = await importOptional('keyv');
  const redisModule = await importOptional('@keyv/redis');
  if (keyvModule instanceof Error || redisModule instanceof Error) {
    return { group, reason: 'keyv or @keyv/redis is not installed' };
  }
  const Keyv = keyvModule.Keyv as new (options: object) => { disconnect(): Promise<void> };
  const KeyvRedis = redisModule.default as new (url: string) => object;
  const keyv = new Keyv({ store: new KeyvRedis(ctx.url), namespace: 'bench' });
  ctx.onClose(() => keyv.disconnect());
  const storage = new KeyvStorage(keyv);
  return {
    id: 'keyv',
    group,
    createStorage: () => storage,
    reset: ctx.reset,
    counter: ctx.counter,
  };
}

/** Counts HTTP requests the Upstash dev server received. */
class HttpRequestCounter implements RequestCounter {
  readonly unit = 'HTTP requests';
  readonly batches = true;
  constructor(readonly server: { requestCount(): number; resetCount(): void }) {}
  async start() {
    this.server.resetCount();
  }
  async stop() {
    return this.server.requestCount();
  }
}

interface UpstashDevServer {
  readonly url: string;
  readonly token: string;
  requestCount(): number;
  resetCount(): void;
  stop(): Promise<void>;
}

/** The part of an `@upstash/redis` client the limit rows use. */
interface UpstashClient {
  get(key: string): Promise<unknown>;
  scriptLoad(script: string): Promise<string>;
  evalsha(sha: string, keys: string[], args: string[]): Promise<unknown>;
}

/**
 * The same two limits as for ioredis, through `@upstash/redis` and the dev server. The client
 * auto-pipelines commands sent in the same tick, so at 64 in flight many share one request.
 */
function upstashLimits(client: UpstashClient, ctx: RedisContext): Workload[] {
  const prepare = async () => {
    await ctx.reset();
    await ctx.client.set(LIMIT_KEY, 'x'.repeat(300));
  };
  return [
    {
      id: 'upstash.limit.get',
      label: 'raw `@upstash/redis` `GET`, 300-byte value',
      prepare: async () => {
        await prepare();
        return () => client.get(LIMIT_KEY);
      },
    },
    {
      id: 'upstash.limit.evalsha',
      label: 'raw `@upstash/redis` `EVALSHA`, script doing GET + PEXPIRE',
      prepare: async () => {
        await prepare();
        const sha = await client.scriptLoad(TRIVIAL_SCRIPT);
        return () => client.evalsha(sha, [LIMIT_KEY], ['2592000000']);
      },
    },
  ];
}

/** `UpstashStorage` through the Upstash-protocol dev server in front of the same Redis. */
export async function upstashBackend(ctx: RedisContext): Promise<Setup> {
  const group = 'UpstashStorage (REST, through the dev server)';
  const UpstashStorage = await loadAdapter('@coatcheck/upstash', 'UpstashStorage');
  if (typeof UpstashStorage === 'string') return { group, reason: UpstashStorage };
  const devModule = await importOptional('@coatcheck/upstash-dev-server');
  if (devModule instanceof Error || typeof devModule.startUpstashDevServer !== 'function') {
    return {
      group,
      reason: '@coatcheck/upstash-dev-server is not available (not built or not installed)',
    };
  }
  const clientModule = await importOptional('@upstash/redis');
  if (clientModule instanceof Error) return { group, reason: '@upstash/redis is not installed' };
  const start = devModule.startUpstashDevServer as (options: object) => Promise<UpstashDevServer>;
  const server = await start({ redisUrl: ctx.url, token: 'bench-token', port: 0 });
  ctx.onClose(() => server.stop());
  const UpstashRedis = clientModule.Redis as new (options: object) => UpstashClient;
  const client = new UpstashRedis({ url: server.url, token: server.token, retry: false });
  const baselines = upstashLimits(client, ctx);
  const storage = new UpstashStorage(client);
  // Same key layout and records: prepared data goes in through the faster TCP client.
  const IoRedisStorage = await loadAdapter('@coatcheck/ioredis', 'IoRedisStorage');
  const filler = typeof IoRedisStorage === 'string' ? storage : new IoRedisStorage(ctx.client);
  return {
    id: 'upstash',
    group,
    createStorage: () => storage,
    fillStorage: () => filler,
    baselines,
    reset: ctx.reset,
    counter: new HttpRequestCounter(server),
  };
}

/** `MemoryStorage`: a new, empty one after every reset. */
export function memoryBackend(): SessionBackend {
  let storage = new MemoryStorage();
  return {
    id: 'memory',
    group: 'MemoryStorage',
    createStorage: () => storage,
    reset: async () => {
      storage = new MemoryStorage();
    },
  };
}

/** Whether a setup produced a backend. */
export function isBackend(setup: Setup): setup is SessionBackend {
  return 'createStorage' in setup;
}
