import { RedisStore } from 'connect-redis';
import expressSession, { type SessionData } from 'express-session';
import type { Redis } from 'ioredis';
import { randomDid, realisticMetadata } from '../fixtures.js';
import type { Op, Workload } from '../harness.js';

/** The script of the EVALSHA limit: one GET and one PEXPIRE, the least a sliding read needs. */
export const TRIVIAL_SCRIPT =
  "local v = redis.call('GET', KEYS[1]) redis.call('PEXPIRE', KEYS[1], ARGV[1]) return v";
const VALUE_300 = 'x'.repeat(300);
/** The key both limit rows read. */
export const LIMIT_KEY = 'bench:limit';
const TTL_SECONDS = 2_592_000;
// The runtime constructor takes options; its published types declare none.
const Cookie = expressSession.Cookie as unknown as new (options: object) => expressSession.Cookie;

/**
 * The two physical limits every session row is compared with: a bare `GET` of a 300-byte
 * value, and a bare `EVALSHA` of a script doing one GET and one PEXPIRE, both through the same
 * ioredis client as the adapter rows.
 */
export function limitWorkloads(client: Redis, reset: () => Promise<void>): Workload[] {
  return [
    {
      id: 'limit.get',
      label: 'raw ioredis `GET`, 300-byte value',
      prepare: async () => {
        await reset();
        await client.set(LIMIT_KEY, VALUE_300);
        return () => client.get(LIMIT_KEY);
      },
    },
    {
      id: 'limit.evalsha',
      label: 'raw ioredis `EVALSHA`, script doing GET + PEXPIRE',
      prepare: async () => {
        await reset();
        return evalshaLimit(client)();
      },
    },
  ];
}

/**
 * Prepares the EVALSHA limit without resetting the backend (its key and script only), so that
 * it can run between windows of a workload whose state must stay.
 */
export function evalshaLimit(client: Redis): () => Promise<Op> {
  return async () => {
    await client.set(LIMIT_KEY, VALUE_300);
    const sha = String(await client.script('LOAD', TRIVIAL_SCRIPT));
    return () => client.evalsha(sha, 1, LIMIT_KEY, '2592000000');
  };
}

/** A session as an express-session app would keep the same facts, with its real `Cookie`. */
export function expressSessionData(seed: number): SessionData {
  const cookie = new Cookie({
    maxAge: TTL_SECONDS * 1000,
    httpOnly: true,
    secure: true,
  });
  const meta = realisticMetadata(seed);
  return { cookie, did: randomDid(), createdAt: Date.now(), ...meta } as SessionData;
}

/** An express-session id: 24 random bytes in base64url, as `uid-safe` makes them. */
export function expressSessionId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url');
}

/**
 * connect-redis 8.1 (the last release that accepts an ioredis client), what a Node user would
 * pick today: `get`, `set` and `touch` of express-session sessions on the same server.
 */
export function connectRedisWorkloads(client: Redis, reset: () => Promise<void>): Workload[] {
  const prepare = async () => {
    await reset();
    const store = new RedisStore({ client, ttl: TTL_SECONDS });
    const ids = Array.from({ length: 1000 }, expressSessionId);
    const data = ids.map((_, i) => expressSessionData(i));
    await Promise.all(ids.map((id, i) => store.set(id, data[i]!)));
    return { store, ids, data };
  };
  return [
    {
      id: 'connect-redis.get',
      label: '`get`',
      prepare: async () => {
        const { store, ids } = await prepare();
        return (seq) => store.get(ids[seq % ids.length]!);
      },
    },
    {
      id: 'connect-redis.set',
      label: '`set`',
      prepare: async () => {
        const { store, ids, data } = await prepare();
        return (seq) => store.set(ids[seq % ids.length]!, data[seq % ids.length]!);
      },
    },
    {
      id: 'connect-redis.touch',
      label: '`touch`',
      prepare: async () => {
        const { store, ids, data } = await prepare();
        return (seq) => store.touch(ids[seq % ids.length]!, data[seq % ids.length]!);
      },
    },
  ];
}
