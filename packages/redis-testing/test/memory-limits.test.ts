import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fillMemory,
  type RedisServer,
  readCommandStats,
  readErrorStats,
  readInfo,
  redisCommand,
  resetStats,
  setMaxMemory,
  startRedisServer,
} from '../src/index.js';

let redis: RedisServer;
beforeEach(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  await redis.stop();
});

/** A limit 2 MiB above what the empty server uses. */
async function limit(): Promise<number> {
  const used = Number((await readInfo(redis.port, 'memory')).get('used_memory'));
  return used + 2 * 1024 * 1024;
}

describe('setMaxMemory and fillMemory', () => {
  it('under noeviction: fills until writes get OOM, lets reads, deletes and allow-oom scripts run', async () => {
    const max = await limit();
    await setMaxMemory(redis.port, max, 'noeviction');
    await redisCommand(redis.port, 'SET', 'kept', 'v');
    await resetStats(redis.port);
    const filled = await fillMemory(redis.port);
    expect(filled.keys.length).toBeGreaterThan(10);
    expect(filled.evictedKeys).toBe(0);
    expect(filled.maxMemory).toBeLessThan(max);
    await expect(redisCommand(redis.port, 'SET', 'new', 'v')).rejects.toThrow(/^OOM/);
    expect(await redisCommand(redis.port, 'GET', 'kept')).toBe('v');
    const flagged = "#!lua flags=allow-oom\nreturn redis.call('set', KEYS[1], 'r')";
    expect(await redisCommand(redis.port, 'EVAL', flagged, 1, 'revoked')).toBe('OK');
    const errors = await readErrorStats(redis.port);
    expect(errors.get('OOM')).toBe(2); // the filler's last write and ours
    expect((await readCommandStats(redis.port)).get('set')?.rejectedCalls).toBe(2);
    await filled.release();
    expect(await redisCommand(redis.port, 'SET', 'new', 'v')).toBe('OK');
    expect((await readInfo(redis.port, 'memory')).get('maxmemory')).toBe(String(max));
    expect(await redisCommand(redis.port, 'EXISTS', filled.keys[0]!)).toBe(0);
  });

  it('under allkeys-lru: fills until keys are evicted', async () => {
    await setMaxMemory(redis.port, await limit(), 'allkeys-lru');
    for (let i = 0; i < 200; i++)
      await redisCommand(redis.port, 'SET', `session:${i}`, 'x'.repeat(100));
    const filled = await fillMemory(redis.port, { chunkBytes: 4096 });
    expect(filled.evictedKeys).toBeGreaterThan(0);
    expect(Number((await readInfo(redis.port, 'stats')).get('evicted_keys'))).toBe(
      filled.evictedKeys,
    );
    expect(await redisCommand(redis.port, 'SET', 'new', 'v')).toBe('OK'); // evicts, never refuses
    await filled.release();
  });

  it('refuses to fill a server without a limit', async () => {
    await expect(fillMemory(redis.port)).rejects.toThrow(/maxmemory is not set/);
  });
});

describe('readCommandStats and readErrorStats', () => {
  it('count calls, failures and error kinds since resetStats', async () => {
    await redisCommand(redis.port, 'SET', 'before', '1');
    await resetStats(redis.port);
    for (let i = 0; i < 3; i++) await redisCommand(redis.port, 'SET', `k${i}`, 'v');
    await expect(redisCommand(redis.port, 'EVALSHA', 'f'.repeat(40), 0)).rejects.toThrow(
      /NOSCRIPT/,
    );
    await expect(redisCommand(redis.port, 'INCR', 'k0')).rejects.toThrow(/not an integer/);
    const commands = await readCommandStats(redis.port);
    expect(commands.get('set')).toMatchObject({ calls: 3, rejectedCalls: 0, failedCalls: 0 });
    expect(commands.get('incr')).toMatchObject({ calls: 1, failedCalls: 1 });
    expect(commands.get('evalsha')?.failedCalls).toBe(1);
    expect(Object.fromEntries(await readErrorStats(redis.port))).toEqual({ NOSCRIPT: 1, ERR: 1 });
  });
});
