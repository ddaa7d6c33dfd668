import { randomUUID } from 'node:crypto';
import { RespConnection, readInfo, redisCommand } from './resp-client.js';
import { RespReplyError } from './resp-parser.js';

/** A `maxmemory-policy` value. */
export type MaxMemoryPolicy =
  | 'noeviction'
  | 'allkeys-lru'
  | 'allkeys-lfu'
  | 'allkeys-random'
  | 'volatile-lru'
  | 'volatile-lfu'
  | 'volatile-random'
  | 'volatile-ttl';

/** Sets `maxmemory` (bytes; 0 lifts the limit) and `maxmemory-policy` on the server on `port`. */
export async function setMaxMemory(
  port: number,
  bytes: number,
  policy: MaxMemoryPolicy = 'noeviction',
): Promise<void> {
  await redisCommand(port, 'CONFIG', 'SET', 'maxmemory-policy', policy);
  await redisCommand(port, 'CONFIG', 'SET', 'maxmemory', String(bytes));
}

/** Options of {@link fillMemory}. */
export interface FillMemoryOptions {
  /** Size of each filler value. @defaultValue `16_384` */
  readonly chunkBytes?: number;
  /**
   * A TTL for the filler keys, in milliseconds; without one, `volatile-*` policies cannot evict
   * them and evict only the keys under test. @defaultValue none
   */
  readonly ttlMs?: number;
  /**
   * Under `noeviction`, once a write is refused, `maxmemory` is lowered to this many bytes
   * under the memory in use, so that a connection closing elsewhere cannot make room for a
   * write again. @defaultValue `262_144`
   */
  readonly marginBytes?: number;
  /** Give up after this long. @defaultValue `10_000` */
  readonly timeoutMs?: number;
}

/** What {@link fillMemory} did; `release()` deletes the filler and restores `maxmemory`. */
export interface FilledMemory {
  /** Filler keys written (and still there unless evicted). */
  readonly keys: readonly string[];
  /** Keys the server evicted while filling (`evicted_keys`). */
  readonly evictedKeys: number;
  /** `maxmemory` once full (lower than before under `noeviction`, see `marginBytes`). */
  readonly maxMemory: number;
  /** Deletes the filler keys and sets `maxmemory` back to what it was. */
  release(): Promise<void>;
}

async function memoryStats(port: number) {
  const stats = await readInfo(port, 'all');
  return {
    used: Number(stats.get('used_memory')),
    max: Number(stats.get('maxmemory')),
    policy: stats.get('maxmemory_policy') ?? '',
    evicted: Number(stats.get('evicted_keys')),
  };
}

/**
 * Writes filler keys to the server on `port` until it is full: under `noeviction` until a
 * write is refused with `OOM`, under an evicting policy until the server starts evicting.
 * `maxmemory` must be set (see {@link setMaxMemory}). Bounded by `timeoutMs` and by twice
 * `maxmemory` of writes.
 */
export async function fillMemory(
  port: number,
  options: FillMemoryOptions = {},
): Promise<FilledMemory> {
  const chunk = 'x'.repeat(options.chunkBytes ?? 16_384);
  const before = await memoryStats(port);
  if (before.max === 0) throw new Error(`fillMemory: maxmemory is not set on port ${port}`);
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const prefix = `coatcheck-filler:${randomUUID()}:`;
  const keys: string[] = [];
  const connection = await RespConnection.open(port);
  const ttl = options.ttlMs === undefined ? [] : ['PX', options.ttlMs];
  let full = false;
  try {
    const limit = Math.ceil((2 * before.max) / chunk.length);
    for (let i = 0; i < limit && !full && Date.now() < deadline; i++) {
      const key = `${prefix}${i}`;
      try {
        await connection.send('SET', key, chunk, ...ttl);
        keys.push(key);
      } catch (error) {
        if (!(error instanceof RespReplyError && error.message.startsWith('OOM'))) throw error;
        full = true;
      }
      if (!full && i % 8 === 7 && before.policy !== 'noeviction')
        full = (await memoryStats(port)).evicted > before.evicted;
    }
  } finally {
    connection.close();
  }
  if (!full) throw new Error(`fillMemory: port ${port} was not full within the bounds`);
  let after = await memoryStats(port);
  if (before.policy === 'noeviction') {
    const lowered = Math.max(1, after.used - (options.marginBytes ?? 262_144));
    await redisCommand(port, 'CONFIG', 'SET', 'maxmemory', String(lowered));
    after = { ...after, max: lowered };
  }
  return {
    keys,
    evictedKeys: after.evicted - before.evicted,
    maxMemory: after.max,
    async release() {
      for (let i = 0; i < keys.length; i += 500)
        await redisCommand(port, 'DEL', ...keys.slice(i, i + 500));
      await redisCommand(port, 'CONFIG', 'SET', 'maxmemory', String(before.max));
    },
  };
}

/** One line of `INFO commandstats`. */
export interface CommandStats {
  /** Times it ran. */
  readonly calls: number;
  /** Microseconds spent in it, in total. */
  readonly usec: number;
  /** Refused before running (`OOM`, wrong arity...). */
  readonly rejectedCalls: number;
  /** Ran and failed. */
  readonly failedCalls: number;
}

function statsLines(info: Map<string, string>, prefix: string): [string, Map<string, number>][] {
  const rows: [string, Map<string, number>][] = [];
  for (const [field, value] of info) {
    if (!field.startsWith(prefix)) continue;
    const numbers = new Map<string, number>();
    for (const pair of value.split(',')) {
      const [name, number] = pair.split('=');
      if (name !== undefined) numbers.set(name, Number(number));
    }
    rows.push([field.slice(prefix.length), numbers]);
  }
  return rows;
}

/**
 * `INFO commandstats` of the server on `port`, by lower-cased command name (`evalsha`,
 * `client|setinfo` for subcommands). Pair with {@link resetStats} to count what a test ran.
 */
export async function readCommandStats(port: number): Promise<Map<string, CommandStats>> {
  const rows = statsLines(await readInfo(port, 'commandstats'), 'cmdstat_');
  return new Map(
    rows.map(([name, n]) => [
      name,
      {
        calls: n.get('calls') ?? 0,
        usec: n.get('usec') ?? 0,
        rejectedCalls: n.get('rejected_calls') ?? 0,
        failedCalls: n.get('failed_calls') ?? 0,
      },
    ]),
  );
}

/** `INFO errorstats` of the server on `port`: error prefix (`OOM`, `ERR`, `NOSCRIPT`) → count. */
export async function readErrorStats(port: number): Promise<Map<string, number>> {
  const rows = statsLines(await readInfo(port, 'errorstats'), 'errorstat_');
  return new Map(rows.map(([prefix, n]) => [prefix, n.get('count') ?? 0]));
}

/** `CONFIG RESETSTAT`: zeroes command, error and eviction statistics. */
export async function resetStats(port: number): Promise<void> {
  await redisCommand(port, 'CONFIG', 'RESETSTAT');
}
