import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import { runConformanceSuite } from '@coatcheck/storage-tests';
import { afterAll, beforeAll } from 'vitest';
import {
  dump,
  keyv5Memory,
  keyvMemory,
  keyvRedis,
  recordTtlMs,
  underTest,
} from './support/backends.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const inspect = { recordTtlMs };
const disposeStorage = (storage: Parameters<typeof underTest>[0]) =>
  underTest(storage).keyv.disconnect();

runConformanceSuite({
  name: 'KeyvStorage (Keyv 6, in-memory)',
  createStorage: () => keyvMemory().storage,
  inspect: { recordTtlMs, dump },
});
runConformanceSuite({
  name: 'KeyvStorage (Keyv 5, in-memory)',
  createStorage: () => keyv5Memory().storage,
  inspect,
});
runConformanceSuite({
  name: 'KeyvStorage (@keyv/redis)',
  createStorage: () => keyvRedis(redis).storage,
  disposeStorage,
  inspect,
});
