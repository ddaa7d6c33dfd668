import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Redis } from 'ioredis';

/** Packages whose versions the report records. */
export const RECORDED_PACKAGES = [
  '@coatcheck/core',
  '@coatcheck/memory',
  '@coatcheck/ioredis',
  '@coatcheck/upstash',
  '@coatcheck/keyv',
  'ioredis',
  '@upstash/redis',
  'keyv',
  '@keyv/redis',
  'connect-redis',
  'express-session',
  'esbuild',
] as const;

// dist/main.js -> the bench package, whose node_modules holds its dependencies.
const BENCH_DIR = new URL('..', import.meta.url);

/** The installed version of `name`, or `null` when the bench cannot see it. */
export async function packageVersion(name: string): Promise<string | null> {
  try {
    const text = await readFile(new URL(`node_modules/${name}/package.json`, BENCH_DIR), 'utf8');
    return String((JSON.parse(text) as { version?: unknown }).version ?? '?');
  } catch {
    return null;
  }
}

/** Versions of the recorded packages that are installed. */
export async function packageVersions() {
  const found: { name: string; version: string }[] = [];
  for (const name of RECORDED_PACKAGES) {
    const version = await packageVersion(name);
    if (version !== null) found.push({ name, version });
  }
  return found;
}

/** The server's `redis_version`. */
export async function redisVersion(admin: Redis): Promise<string> {
  const info = await admin.info('server');
  return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
}

/** CPU facts for the report. */
export function cpuFacts() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: os.availableParallelism?.() ?? cpus.length,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** The 1, 5 and 15 minute load averages, rounded to two decimals. */
export function loadAverage(): number[] {
  return os.loadavg().map((value) => Math.round(value * 100) / 100);
}
