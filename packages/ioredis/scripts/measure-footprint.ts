import { type Did, SessionManager } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { sessionField } from '@coatcheck/redis';
import type { Redis } from 'ioredis';

/** What {@link measureFootprint} found. */
export interface Footprint {
  readonly sessions: number;
  readonly users: number;
  /** `used_memory` growth per session (fields, values, the user's key and its expiry entry). */
  readonly bytesPerSession: number;
  /** `MEMORY USAGE` of one user's hash, divided by its sessions. */
  readonly hashBytesPerSession: number;
  /** Length of one stored record value. */
  readonly recordValueLength: number;
}

// A current desktop Chrome user agent (111 characters).
export const CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function plcDid(i: number): Did {
  let id = '';
  let n = i * 2654435761;
  for (let k = 0; k < 24; k++) {
    id += BASE32[n % 32];
    n = Math.floor(n / 32) + k * 7919 + i;
  }
  return `did:plc:${id}`;
}

async function usedMemory(client: Redis): Promise<number> {
  const info = await client.info('memory');
  return Number(info.match(/used_memory:(\d+)/)?.[1]);
}

/**
 * Stores `users * perUser` sessions with realistic metadata (Chrome user agent, IPv4, two
 * scopes, `did:plc:` DIDs) on an otherwise empty server and reports the memory they take.
 * Run it against a server of its own: it reads the server-wide `used_memory`. Pass another
 * `userAgent` to see the cost of one the record codec's phrase table does not shorten.
 */
export async function measureFootprint(
  client: Redis,
  options: { readonly users?: number; readonly perUser?: number; readonly userAgent?: string } = {},
): Promise<Footprint> {
  const { users = 1000, perUser = 10, userAgent = CHROME_UA } = options;
  const storage = new IoRedisStorage(client);
  const manager = new SessionManager({ storage, config: { maxSessionsPerUser: perUser } });
  // One session first, so script caches and client buffers exist before the baseline.
  const warm = await manager.createSession(plcDid(users + 1), {
    ipAddress: '10.0.0.1',
    userAgent: CHROME_UA,
  });
  await client.del(storage.keys.user(warm.did));
  const before = await usedMemory(client);
  let sample = warm;
  for (let u = 0; u < users; u++) {
    const did = plcDid(u);
    const pending: Promise<unknown>[] = [];
    for (let s = 0; s < perUser; s++) {
      pending.push(
        manager
          .createSession(did, {
            ipAddress: `198.51.${u % 256}.${s + 10}`,
            userAgent,
            scope: ['atproto', 'transition:generic'],
          })
          .then((session) => {
            sample = session;
          }),
      );
    }
    await Promise.all(pending);
  }
  const after = await usedMemory(client);
  const sessions = users * perUser;
  const key = storage.keys.user(sample.did);
  const hashBytes = Number(await client.memory('USAGE', key, 'SAMPLES', '0'));
  const recordValueLength = (await client.hget(key, sessionField(sample.id)))?.length ?? 0;
  return {
    sessions,
    users,
    bytesPerSession: Math.round((after - before) / sessions),
    hashBytesPerSession: Math.round(hashBytes / perUser),
    recordValueLength,
  };
}
