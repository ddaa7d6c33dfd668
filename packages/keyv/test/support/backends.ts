import { randomUUID } from 'node:crypto';
import type { SessionStorage } from '@coatcheck/core';
import type { RedisServer } from '@coatcheck/redis-testing';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import Keyv5 from 'keyv5';
import { type KeyvLike, KeyvStorage } from '../../src/index.js';

/** A storage under test with what the tests need to look behind it. */
export interface KeyvUnderTest {
  readonly storage: KeyvStorage;
  readonly keyv: KeyvLike & { disconnect(): Promise<void> };
  readonly prefix: string;
  /** The raw store, where the test can read it whole. */
  readonly map?: Map<unknown, unknown>;
}

const made = new WeakMap<SessionStorage, KeyvUnderTest>();

/** The test setup behind a storage `createStorage` returned. */
export function underTest(storage: SessionStorage): KeyvUnderTest {
  const found = made.get(storage);
  if (!found) throw new Error('not a storage made by the test backends');
  return found;
}

function wrap(
  keyv: KeyvLike & { disconnect(): Promise<void> },
  map?: Map<unknown, unknown>,
): KeyvUnderTest {
  const prefix = `test-${randomUUID()}:`;
  const storage = new KeyvStorage(keyv, { keyPrefix: prefix });
  const entry = { storage, keyv, prefix, ...(map ? { map } : {}) };
  made.set(storage, entry);
  return entry;
}

/** Keyv 6 on its default in-memory store. */
export function keyvMemory(store = new Map<unknown, unknown>()): KeyvUnderTest {
  return wrap(new Keyv({ store }), store);
}

/** Every key and value of the raw in-memory store under the storage's prefix, as text. */
export async function dump(storage: SessionStorage): Promise<string> {
  const { map, prefix } = underTest(storage);
  if (!map) throw new Error('dump needs a storage on an in-memory Map store');
  const own = [...map.entries()].filter(([key]) => String(key).includes(prefix));
  return JSON.stringify(own);
}

/** Keyv 5 on its default in-memory store (the peer range starts at 5). */
export function keyv5Memory(): KeyvUnderTest {
  return wrap(new Keyv5());
}

/** Keyv 6 on `@keyv/redis`, against a real redis-server. */
export function keyvRedis(server: RedisServer): KeyvUnderTest {
  return wrap(new Keyv({ store: new KeyvRedis(server.url) }));
}

/**
 * Remaining lifetime of a session record as of the manager clock `now`: Keyv keeps the
 * absolute expiry (its own clock) next to the value; moved to the suite's clock the same way
 * the Redis adapters move PTTL.
 */
export async function recordTtlMs(
  storage: SessionStorage,
  id: string,
  now: number,
): Promise<number | null> {
  const { keyv, prefix } = underTest(storage);
  const raw = (await keyv.getRaw(`${prefix}s:${id}`)) as { expires?: number | null } | undefined;
  if (raw === undefined) return null;
  if (typeof raw.expires !== 'number') return Number.POSITIVE_INFINITY;
  const left = raw.expires - now;
  return left > 0 ? left : null;
}
