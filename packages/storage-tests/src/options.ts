import type { SessionStorage } from '@coatcheck/core';

/**
 * A raw view into an adapter's backend, for checks the public API cannot make (how long a
 * revoked record is kept, that no record outlives its expiry).
 */
export interface StorageInspector {
  /**
   * Remaining lifetime, in milliseconds as of `now`, of the stored record of `sessionId`,
   * whether it is live or revoked; `null` when the record is gone (or would be gone by `now`).
   * Return `Infinity` for a record that never expires, so that the suite reports it.
   *
   * @param storage - the storage `createStorage` returned (not a wrapper of the suite).
   * @param sessionId - the session id whose record to look at.
   * @param now - the manager's clock for the check, in ms since the epoch.
   *
   * @example
   * ```ts
   * // memory: the adapter computes it against the given clock
   * recordTtlMs: async (storage, id, now) => (storage as MemoryStorage).recordTtl(id, now)
   * // Redis, whose TTLs run on the server clock: PTTL moved to the suite's clock
   * recordTtlMs: async (_storage, id, now) => {
   *   const ms = await redis.pttl(recordKey(id));
   *   if (ms === -2) return null;
   *   if (ms === -1) return Infinity;
   *   const left = ms - (now - Date.now());
   *   return left > 0 ? left : null;
   * }
   * ```
   */
  recordTtlMs(storage: SessionStorage, sessionId: string, now: number): Promise<number | null>;
  /**
   * Everything the backend holds for this storage, as one string (key names and values), so
   * the suite can prove that no token secret is stored anywhere. Leave it out for a backend
   * with nothing to scan beyond what the adapter receives (memory).
   *
   * @example
   * ```ts
   * dump: async () => {
   *   const keys = await redis.keys(`${prefix}*`);
   *   const values = await Promise.all(keys.map((key) => redis.dump(key)));
   *   return keys.join('\n') + values.map((v) => v?.toString('latin1')).join('\n');
   * }
   * ```
   */
  dump?(storage: SessionStorage): Promise<string>;
}

/** Sizes of the race tests. */
export interface ConcurrencyOptions {
  /**
   * Concurrent `createSession` calls per trial.
   * @defaultValue 50
   */
  readonly creates?: number;
  /**
   * Independent trials of each race (each on a fresh user).
   * @defaultValue 5
   */
  readonly trials?: number;
}

/** What {@link runConformanceSuite} needs to know about the adapter under test. */
export interface ConformanceOptions {
  /** The adapter's name, used in `describe()` titles, such as `MemoryStorage`. */
  readonly name: string;
  /**
   * Makes a FRESH storage for one test: its own key prefix (or database), sharing no data with
   * the storages of other tests. Called in `beforeEach`.
   */
  readonly createStorage: () => SessionStorage | Promise<SessionStorage>;
  /** Releases what `createStorage` made (close clients, delete keys). Called in `afterEach`. */
  readonly disposeStorage?: (storage: SessionStorage) => void | Promise<void>;
  /**
   * `'manual'`: the suite injects `now` into the `SessionManager` and moves it without sleeping;
   * the clock starts at the real time, so relative backend TTLs stay positive.
   * `'real'`: for backends whose expiry cannot follow an injected clock; the suite then uses
   * second-scale configs and real sleeps (slower), and leaves out checks of exact instants.
   * @defaultValue `'manual'`
   */
  readonly clock?: 'manual' | 'real';
  /** Raw view of stored records; enables the retention and record-lifetime checks. */
  readonly inspect?: StorageInspector;
  /** Sizes of the race tests. */
  readonly concurrency?: ConcurrencyOptions;
}

/** {@link ConcurrencyOptions} defaults. */
export const DEFAULT_CONCURRENCY = Object.freeze({ creates: 50, trials: 5 });
