import { randomUUID } from 'node:crypto';
import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import { startUpstashDevServer, type UpstashDevServer } from '@coatcheck/upstash-dev-server';
import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis as IoRedis } from 'ioredis';

/** A real `redis-server`, the Upstash REST dev server in front of it, and clients of both. */
export interface Backend {
  readonly redis: RedisServer;
  readonly rest: UpstashDevServer;
  /** A direct connection, to look at keys and flush scripts. */
  readonly io: IoRedis;
  /** A new `@upstash/redis` client of the dev server; `retry: false` so failures show at once. */
  upstash(options?: { autoPipelining?: boolean; automaticDeserialization?: boolean }): UpstashRedis;
  stop(): Promise<void>;
}

export async function startBackend(): Promise<Backend> {
  const redis = await startRedisServer();
  const rest = await startUpstashDevServer({ redisUrl: redis.url, token: randomUUID() });
  const io = new IoRedis(redis.url);
  return {
    redis,
    rest,
    io,
    upstash: (options = {}) =>
      new UpstashRedis({
        url: rest.url,
        token: rest.token,
        retry: false,
        enableTelemetry: false,
        enableAutoPipelining: options.autoPipelining ?? true,
        automaticDeserialization: options.automaticDeserialization ?? true,
      }),
    stop: async () => {
      io.disconnect();
      await rest.stop();
      await redis.stop();
    },
  };
}

/** A key prefix no other test uses. */
export function freshPrefix(): string {
  return `t${randomUUID().slice(0, 8)}:`;
}
