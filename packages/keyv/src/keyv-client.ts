import { AsyncLocalStorage } from 'node:async_hooks';
import { StorageError } from '@coatcheck/core';

/**
 * The part of a `Keyv` instance the adapter uses: a `Keyv` from `keyv` 5.5+ or 6 fits it as it
 * is. The type is structural so the adapter's declarations do not pin one major version of
 * `keyv`; pass the Keyv instance itself, not a hand-written object.
 */
export interface KeyvLike {
  /** The resolved storage adapter (a `Map` in Keyv 5's default, an adapter in Keyv 6). */
  readonly store: unknown;
  /** Reads `{ value, expires }` of one key; `undefined` when absent or expired. */
  // biome-ignore lint/suspicious/noExplicitAny: Keyv's generic signatures differ by version.
  getRaw(key: string): Promise<any>;
  /** {@link KeyvLike.getRaw} for many keys, in order. */
  // biome-ignore lint/suspicious/noExplicitAny: Keyv's generic signatures differ by version.
  getManyRaw(keys: string[]): Promise<any>;
  /** Writes one value with a TTL in milliseconds. */
  set(key: string, value: unknown, ttl?: number): Promise<unknown>;
  /** Writes `{ key, value, ttl }` entries. */
  // biome-ignore lint/suspicious/noExplicitAny: Keyv's generic signatures differ by version.
  setMany(entries: any[]): Promise<unknown>;
  /** Deletes one key. */
  delete(key: string): Promise<unknown>;
  /** Deletes many keys. */
  // biome-ignore lint/suspicious/noExplicitAny: Keyv's generic signatures differ by version.
  deleteMany(keys: string[]): Promise<any>;
  /** Subscribes to Keyv's `error` event. */
  // biome-ignore lint/suspicious/noExplicitAny: event emitter signatures differ by version.
  on(event: 'error', listener: (...args: any[]) => void): unknown;
  /** Unsubscribes a listener added with {@link KeyvLike.on}. */
  // biome-ignore lint/suspicious/noExplicitAny: event emitter signatures differ by version.
  off(event: 'error', listener: (...args: any[]) => void): unknown;
  /** The `error` listeners currently registered. */
  // biome-ignore lint/suspicious/noExplicitAny: event emitter signatures differ by version.
  listeners(event: 'error'): readonly any[] | any[];
}

/** One entry of {@link KeyvClient.setMany}; `ttl` in ms, always positive. */
export interface KeyvWrite {
  readonly key: string;
  readonly value: unknown;
  readonly ttl: number;
}

/** Marks the Keyv calls made on behalf of one adapter operation. */
const scope = new AsyncLocalStorage<string>();

/** The listener the adapter holds on one Keyv instance, and how many operations need it. */
interface Attachment {
  readonly listener: (error: unknown) => void;
  operations: number;
}
const attached = new WeakMap<object, Attachment>();

/**
 * Keyv reports a backend failure by emitting `error` and resolving `undefined`/`false`
 * (Keyv 6 when anyone listens, Keyv 5 on most calls), which would read as "no session" or,
 * for the token blacklist, as "not revoked". While at least one adapter operation is running
 * on `keyv`, a listener rethrows the error inside Keyv's catch block when the failing call
 * belongs to an adapter operation (found through AsyncLocalStorage, so concurrent callers are
 * never blamed for each other's failures), which makes Keyv reject. The listener is removed
 * when the last operation ends: the caller's instance carries no listener of ours between
 * operations, and during one a call of the caller's own keeps Keyv's behaviour (Keyv 6 throws
 * when no other listener is registered, Keyv 5 does not). Returns the release function.
 */
function attach(keyv: KeyvLike): () => void {
  let attachment = attached.get(keyv);
  if (attachment === undefined) {
    const throwsWhenUnheard =
      (keyv as { throwOnEmptyListeners?: unknown }).throwOnEmptyListeners === true;
    const listener = (error: unknown): void => {
      const failing = error instanceof Error ? error : new Error(String(error));
      if (scope.getStore() !== undefined) throw failing;
      if (throwsWhenUnheard && keyv.listeners('error').length === 1) throw failing;
    };
    attachment = { listener, operations: 0 };
    attached.set(keyv, attachment);
    keyv.on('error', listener);
  }
  const current = attachment;
  current.operations++;
  return () => {
    current.operations--;
    if (current.operations > 0) return;
    attached.delete(keyv);
    keyv.off('error', current.listener);
  };
}

/**
 * The Keyv calls of the adapter, each rejecting with `StorageError('keyv', operation, cause)`
 * on any backend failure. Reads use `getRaw`/`getManyRaw`, which Keyv 5 lets fail instead of
 * swallowing; a write Keyv reports as not stored (`false`) is a failure too.
 */
export class KeyvClient {
  readonly #keyv: KeyvLike;

  constructor(keyv: KeyvLike) {
    this.#keyv = keyv;
  }

  /** Runs `step` as the adapter operation `operation`, wrapping every failure. */
  async run<T>(operation: string, step: () => Promise<T>): Promise<T> {
    const release = attach(this.#keyv);
    try {
      return await scope.run(operation, step);
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw new StorageError('keyv', operation, error);
    } finally {
      release();
    }
  }

  /** Values of `keys`, in order, `undefined` where absent or expired (by the store's clock). */
  async getMany(keys: readonly string[]): Promise<unknown[]> {
    if (keys.length === 0) return [];
    const store = this.#keyv.store as { getMany?: unknown } | null;
    // Keyv 5 falls back to Promise.allSettled without a native getMany, hiding failures.
    const rows: unknown[] =
      typeof store?.getMany === 'function'
        ? await this.#keyv.getManyRaw([...keys])
        : await Promise.all(keys.map((key) => this.#keyv.getRaw(key)));
    if (!Array.isArray(rows) || rows.length !== keys.length) {
      throw new Error('Keyv returned a malformed batch read');
    }
    return rows.map(unwrap);
  }

  /** Writes every entry; a write the store reports as not stored rejects. */
  async setMany(entries: readonly KeyvWrite[]): Promise<void> {
    for (const entry of entries) {
      // Keyv treats a missing or non-positive ttl as "never expires".
      if (!(entry.ttl >= 1)) throw new RangeError('every entry needs a positive ttl');
    }
    if (entries.length === 0) return;
    if (entries.length === 1) {
      const [entry] = entries as [KeyvWrite];
      const stored = await this.#keyv.set(entry.key, entry.value, Math.ceil(entry.ttl));
      if (stored === false) throw new Error('Keyv did not store the entry');
      return;
    }
    const results = await this.#keyv.setMany(
      entries.map((entry) => ({ key: entry.key, value: entry.value, ttl: Math.ceil(entry.ttl) })),
    );
    if (results === false || (Array.isArray(results) && results.includes(false))) {
      throw new Error('Keyv did not store every entry');
    }
  }

  /** Deletes `keys`; absent keys are not an error. */
  async deleteMany(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    if (keys.length === 1) await this.#keyv.delete(keys[0]!);
    else await this.#keyv.deleteMany([...keys]);
  }
}

/** `getRaw` resolves Keyv's `{ value, expires }` envelope. */
function unwrap(row: unknown): unknown {
  if (row === undefined || row === null) return undefined;
  if (typeof row === 'object' && 'value' in row) return (row as { value: unknown }).value;
  return row;
}
