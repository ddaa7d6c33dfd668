import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { ServerProcess } from '@coatcheck/framework-tests';
import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import { startUpstashDevServer, type UpstashDevServer } from '@coatcheck/upstash-dev-server';
import { afterAll, beforeAll, it } from 'vitest';
import { startWorkerModule } from './support/workerd.js';
import { walkApp } from './walk-app.js';

const ENTRY = fileURLToPath(new URL('./fixtures/upstash-worker-entry.ts', import.meta.url));
let redis: RedisServer | undefined;
let rest: UpstashDevServer | undefined;
let workerd: ServerProcess | undefined;

beforeAll(async () => {
  redis = await startRedisServer();
  rest = await startUpstashDevServer({ redisUrl: redis.url, token: randomUUID() });
  workerd = await startWorkerModule(ENTRY, {
    UPSTASH_REDIS_REST_URL: rest.url,
    UPSTASH_REDIS_REST_TOKEN: rest.token,
    KEY_PREFIX: `t${randomUUID().slice(0, 8)}:`,
  });
});

afterAll(async () => {
  await workerd?.stop();
  await rest?.stop();
  await redis?.stop();
});

it('runs the middleware inside workerd on UpstashStorage through the REST dev server', async () => {
  const { url } = workerd!;
  await walkApp((path, init = {}) => fetch(`${url}${path}`, { ...init, redirect: 'manual' }), url);
});
