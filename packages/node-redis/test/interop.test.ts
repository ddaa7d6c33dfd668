import { randomUUID } from 'node:crypto';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { type NodeRedisClient, NodeRedisStorage } from '@coatcheck/node-redis';
import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import { describeInterop } from '@coatcheck/storage-tests';
import { UpstashStorage } from '@coatcheck/upstash';
import { startUpstashDevServer, type UpstashDevServer } from '@coatcheck/upstash-dev-server';
import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis as IoRedis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll } from 'vitest';

// One real Redis, reached through node-redis (RESP3), ioredis and the Upstash REST dev server.
let redis: RedisServer;
let rest: UpstashDevServer;
let io: IoRedis;
let node: NodeRedisClient & { close(): Promise<unknown> };

beforeAll(async () => {
  redis = await startRedisServer();
  rest = await startUpstashDevServer({ redisUrl: redis.url, token: randomUUID() });
  io = new IoRedis(redis.url);
  node = await createClient({ url: redis.url }).connect();
});

afterAll(async () => {
  await node?.close();
  io?.disconnect();
  await rest?.stop();
  await redis?.stop();
});

describeInterop(
  [
    { writer: 'node-redis', reader: 'ioredis' },
    { writer: 'ioredis', reader: 'node-redis' },
    { writer: 'node-redis', reader: 'upstash' },
    { writer: 'upstash', reader: 'node-redis' },
  ],
  (keyPrefix) => ({
    'node-redis': new NodeRedisStorage(node, { keyPrefix }),
    ioredis: new IoRedisStorage(io, { keyPrefix }),
    upstash: new UpstashStorage(
      new UpstashRedis({ url: rest.url, token: rest.token, retry: false, enableTelemetry: false }),
      { keyPrefix },
    ),
  }),
);
