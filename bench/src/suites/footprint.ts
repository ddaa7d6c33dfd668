import { SessionManager } from '@coatcheck/core';
import { MemoryStorage } from '@coatcheck/memory';
import { RedisStore } from 'connect-redis';
import type { Redis } from 'ioredis';
import type { SessionBackend } from '../backends.js';
import { randomDid, randomDids } from '../fixtures.js';
import type { FootprintFigure } from '../results.js';
import { populate } from './populate.js';
import { expressSessionData, expressSessionId } from './redis-baselines.js';

/** Users in the footprint runs: 10,000 sessions across 1,000 users, as the issue asks. */
export const FOOTPRINT_USERS = 1000;
/** Sessions per user in the footprint runs. */
export const FOOTPRINT_PER_USER = 10;
const TOTAL = FOOTPRINT_USERS * FOOTPRINT_PER_USER;

async function usedMemory(admin: Redis): Promise<number> {
  const info = await admin.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}

/** The sum of MEMORY USAGE over every key, and the key count. */
async function keyBytes(admin: Redis): Promise<{ bytes: number; keys: number }> {
  let cursor = '0';
  let bytes = 0;
  let keys = 0;
  do {
    const [next, batch] = await admin.scan(cursor, 'COUNT', 1000);
    cursor = next;
    const pipeline = admin.pipeline();
    for (const key of batch) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    for (const [error, size] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      bytes += Number(size);
      keys++;
    }
  } while (cursor !== '0');
  return { bytes, keys };
}

/**
 * Redis memory per session, index entry included: `used_memory` before and after creating
 * 10,000 sessions across 1,000 users with realistic metadata, plus the same for connect-redis
 * as a reference.
 */
export async function redisFootprint(
  backend: SessionBackend,
  admin: Redis,
  client: Redis,
): Promise<FootprintFigure[]> {
  // Load the scripts first, so the script cache is not counted as session data.
  await backend.reset();
  const warm = new SessionManager({ storage: backend.createStorage() });
  const did = randomDid();
  await warm.createSession(did, { ipAddress: '192.0.2.1', userAgent: 'warm-up' });
  await warm.listSessions(did);
  await backend.reset();

  const before = await usedMemory(admin);
  await populate(
    new SessionManager({ storage: backend.createStorage() }),
    randomDids(FOOTPRINT_USERS),
    FOOTPRINT_PER_USER,
  );
  const grown = (await usedMemory(admin)) - before;
  const usage = await keyBytes(admin);

  await backend.reset();
  const store = new RedisStore({ client });
  const beforeReference = await usedMemory(admin);
  for (let i = 0; i < TOTAL; i += 500) {
    await Promise.all(
      Array.from({ length: 500 }, (_, j) =>
        store.set(expressSessionId(), expressSessionData(i + j)),
      ),
    );
  }
  const reference = (await usedMemory(admin)) - beforeReference;
  const referenceUsage = await keyBytes(admin);
  await backend.reset();

  return [
    {
      id: 'redis.bytesPerSession',
      label: `Redis bytes per session, index entry included (${backend.group})`,
      value: grown / TOTAL,
      unit: 'B',
      detail: `\`used_memory\` grew by ${grown.toLocaleString('en-US')} B for ${TOTAL.toLocaleString('en-US')} sessions of ${FOOTPRINT_USERS.toLocaleString('en-US')} users in ${usage.keys.toLocaleString('en-US')} keys; \`MEMORY USAGE\` of those keys sums to ${(usage.bytes / TOTAL).toFixed(0)} B per session`,
    },
    {
      id: 'redis.bytesPerSession.connect-redis',
      label: 'Redis bytes per session, connect-redis (reference, no per-user index)',
      value: reference / TOTAL,
      unit: 'B',
      detail: `same metadata plus express-session's cookie, ${referenceUsage.keys.toLocaleString('en-US')} keys; \`MEMORY USAGE\` sums to ${(referenceUsage.bytes / TOTAL).toFixed(0)} B per session`,
    },
  ];
}

/**
 * V8 heap bytes per session of `MemoryStorage` for the same 10,000 sessions, measured with
 * `--expose-gc` and `process.memoryUsage().heapUsed` around the inserts. Resolves `null`
 * without `--expose-gc`.
 */
export async function memoryFootprint(): Promise<FootprintFigure | null> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return null;
  const settle = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const before = settle();
  let storage: MemoryStorage | null = new MemoryStorage();
  await populate(new SessionManager({ storage }), randomDids(FOOTPRINT_USERS), FOOTPRINT_PER_USER);
  const after = settle();
  const records = storage.stats().records;
  storage = null;
  return {
    id: 'memory.heapBytesPerSession',
    label: 'MemoryStorage heap bytes per session',
    value: (after - before) / TOTAL,
    unit: 'B',
    detail: `\`heapUsed\` grew by ${(after - before).toLocaleString('en-US')} B for ${records.toLocaleString('en-US')} records of ${FOOTPRINT_USERS.toLocaleString('en-US')} users (after full GCs)`,
  };
}
