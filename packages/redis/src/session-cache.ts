import { InvalidArgumentError, type TouchOptions, type TouchResult } from '@coatcheck/core';
import type { InvalidationListener } from './invalidation.js';

/** The `cache` option of the Redis adapters. */
export interface SessionCacheOptions {
  /**
   * Most sessions kept; past it an entry not served lately goes (second-chance LRU). An integer from 1 to
   * 10,000,000. @defaultValue `10000`
   */
  readonly maxEntries?: number;
  /**
   * Longest time an entry is served after the read that filled it, whatever the invalidations
   * say: the bound on staleness should an invalidation be lost without any connection noticing.
   * Measured on the manager's clock. An integer from 1 to 3,600,000 ms. @defaultValue `30000`
   */
  readonly maxStalenessMs?: number;
}

/** {@link SessionCacheOptions} with every default applied. */
export interface CheckedSessionCacheOptions {
  readonly maxEntries: number;
  readonly maxStalenessMs: number;
}

/** Default of {@link SessionCacheOptions.maxEntries}. */
export const DEFAULT_CACHE_MAX_ENTRIES = 10_000;
/** Default of {@link SessionCacheOptions.maxStalenessMs}. */
export const DEFAULT_CACHE_MAX_STALENESS_MS = 30_000;

/**
 * The checked `cache` option, frozen, defaults applied.
 * @throws InvalidArgumentError (fields `cache`, `cache.maxEntries`, `cache.maxStalenessMs`).
 */
export function checkCacheOptions(value: unknown): CheckedSessionCacheOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidArgumentError('cache', 'must be an object { maxEntries?, maxStalenessMs? }');
  const { maxEntries, maxStalenessMs, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw new InvalidArgumentError(`cache.${unknown}`, 'is not an option');
  return Object.freeze({
    maxEntries: bounded(maxEntries, DEFAULT_CACHE_MAX_ENTRIES, 10_000_000, 'cache.maxEntries'),
    maxStalenessMs: bounded(
      maxStalenessMs,
      DEFAULT_CACHE_MAX_STALENESS_MS,
      3_600_000,
      'cache.maxStalenessMs',
    ),
  });
}

function bounded(value: unknown, fallback: number, max: number, field: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max)
    throw new InvalidArgumentError(field, `must be an integer from 1 to ${max}`);
  return value as number;
}

interface Entry {
  /** The Redis key the record lives in: what an invalidation names. */
  readonly key: string;
  /** The session it holds (the Map is keyed by its secret hash). */
  readonly id: string;
  /** What `get` resolved with when it filled the entry: `fresh` is false. */
  readonly result: TouchResult;
  /** The manager's clock at the read that filled the entry. */
  readonly filledAt: number;
  /** Served since it was filled or last spared by eviction (a second chance). */
  used: boolean;
}

/** Reads in flight for one key, and the last invalidation of that key seen meanwhile. */
interface Pending {
  count: number;
  invalidatedAt: number;
}

/**
 * Taken before the read that may fill an entry; the fill counts only if nothing invalidated
 * the key, and tracking did not go down, since the ticket was taken.
 */
export interface FillTicket {
  readonly key: string;
  readonly seq: number;
  readonly epoch: number;
}

/**
 * An in-process cache of validated sessions for the Redis adapters, keyed by secret hash. A
 * hit is a `Map` lookup by the presented secret hash and a comparison of the session id: no
 * hashing beyond the manager's, no decoding, no round trip.
 *
 * @remarks
 * Coherence comes from its {@link InvalidationListener} side, fed by an `InvalidationSource`
 * and by the storage's own writes:
 * - a hit is served only while tracking is up, for at most `maxStalenessMs` after the fill,
 *   before the record's `expiresAt`, and only while no slide is due (a due slide goes to Redis);
 * - a read that slid (`fresh`) or found nothing fills nothing;
 * - a fill whose key was invalidated while its read was in flight, or that began before
 *   tracking last went down, is discarded (a sequence number and an epoch taken with the
 *   {@link FillTicket});
 * - down empties the cache; nothing fills until up.
 */
export class SessionCache implements InvalidationListener {
  /** The checked options. */
  readonly options: CheckedSessionCacheOptions;
  // By secret hash, oldest first. The hash is the key, not the id, so that the lookup is the
  // secret check: a presented hash matches an entry or none (a timing difference of that
  // lookup tells nothing useful: steering a SHA-256 output needs a preimage). The id is then
  // compared, so that another session's id with this secret is no hit. A hit only marks its
  // entry used (moving it in the Map on every hit measured a third of the hit's time); eviction
  // spares used entries once, moving them to the end.
  readonly #entries = new Map<string, Entry>();
  /** The secret hashes of the entries of each Redis key. */
  readonly #byKey = new Map<string, Set<string>>();
  readonly #pending = new Map<string, Pending>();
  #seq = 0;
  #epoch = 0;
  #up = false;
  #hits = 0;

  readonly #written: (key: string) => void;

  /**
   * @param written - what a write through the storage calls with its key; by default
   * {@link SessionCache.invalidateKey} of this cache (a shared source drops it everywhere).
   */
  constructor(options: CheckedSessionCacheOptions, written?: (key: string) => void) {
    this.options = options;
    this.#written = written ?? ((key) => this.invalidateKey(key));
  }

  /** A write through the storage to `key` settled: drop it here (and in caches sharing it). */
  written(key: string): void {
    this.#written(key);
  }

  /** Entries held now. */
  get size(): number {
    return this.#entries.size;
  }

  /** Reads served from the cache since it was made. */
  get hits(): number {
    return this.#hits;
  }

  /** Whether tracking is up, so that reads may fill the cache. */
  get tracking(): boolean {
    return this.#up;
  }

  /** The cached result for `id`, when one may be served for this read; else `undefined`. */
  hit(id: string, secretHash: string, options: TouchOptions): TouchResult | undefined {
    const entry = this.#entries.get(secretHash);
    // A wrong secret (or another session's) goes to Redis, which answers null.
    if (entry === undefined || entry.id !== id) return undefined;
    const now = options.now;
    const record = entry.result.record;
    if (
      now - entry.filledAt >= this.options.maxStalenessMs ||
      now < entry.filledAt ||
      record.expiresAt <= now ||
      now - record.lastActivity >= options.expiry.touchIntervalMs
    ) {
      // Past its age, dead, or due to slide: Redis has to answer, and this copy is done.
      this.#remove(secretHash, entry);
      return undefined;
    }
    entry.used = true;
    this.#hits++;
    return entry.result;
  }

  /** Takes a ticket for a read of `key`; `undefined` while tracking is down (nothing fills). */
  begin(key: string): FillTicket | undefined {
    if (!this.#up) return undefined;
    const pending = this.#pending.get(key);
    if (pending === undefined) this.#pending.set(key, { count: 1, invalidatedAt: 0 });
    else pending.count++;
    return { key, seq: this.#seq, epoch: this.#epoch };
  }

  /**
   * Ends the read `ticket` was taken for, keeping its result when it may be served later: the
   * read found a live session without sliding it, and nothing invalidated the key meanwhile.
   * Pass `null` for a read that failed or found nothing.
   */
  end(ticket: FillTicket, id: string, secretHash: string, result: TouchResult | null, now: number) {
    const pending = this.#pending.get(ticket.key);
    // Always present: every begin is followed by exactly one end.
    const invalidatedAt = pending?.invalidatedAt ?? 0;
    if (pending !== undefined && --pending.count === 0) this.#pending.delete(ticket.key);
    if (result === null || result.fresh || !this.#up || ticket.epoch !== this.#epoch) return;
    if (invalidatedAt > ticket.seq) return;
    this.#put(secretHash, { key: ticket.key, id, result, filledAt: now, used: false });
  }

  /** Ends `ticket` with the outcome of `read` (see {@link SessionCache.end}); resolves as `read`. */
  fill(
    ticket: FillTicket,
    id: string,
    secretHash: string,
    now: number,
    read: Promise<TouchResult | null>,
  ): Promise<TouchResult | null> {
    return read.then(
      (result) => {
        this.end(ticket, id, secretHash, result, now);
        return result;
      },
      (error: unknown) => {
        this.end(ticket, id, secretHash, null, now);
        throw error;
      },
    );
  }

  /** Drops every entry of `key` and fails the fills in flight for it. */
  invalidateKey(key: string): void {
    const seq = ++this.#seq;
    const pending = this.#pending.get(key);
    if (pending !== undefined) pending.invalidatedAt = seq;
    const hashes = this.#byKey.get(key);
    if (hashes === undefined) return;
    this.#byKey.delete(key);
    for (const hash of hashes) this.#entries.delete(hash);
  }

  /** {@inheritDoc InvalidationListener.invalidate} */
  invalidate(keys: readonly string[] | null): void {
    if (keys === null) {
      this.#flush();
      return;
    }
    for (const key of keys) this.invalidateKey(key);
  }

  /** {@inheritDoc InvalidationListener.down} */
  down(): void {
    this.#up = false;
    this.#flush();
  }

  /** {@inheritDoc InvalidationListener.up} */
  up(): void {
    this.#epoch++;
    this.#up = true;
  }

  /** Empties the cache and fails every fill in flight. */
  #flush(): void {
    this.#epoch++;
    this.#entries.clear();
    this.#byKey.clear();
  }

  #put(hash: string, entry: Entry): void {
    const old = this.#entries.get(hash);
    if (old !== undefined) this.#remove(hash, old);
    else if (this.#entries.size >= this.options.maxEntries) this.#evictOne();
    this.#entries.set(hash, entry);
    const hashes = this.#byKey.get(entry.key);
    if (hashes === undefined) this.#byKey.set(entry.key, new Set([hash]));
    else hashes.add(hash);
  }

  /** Evicts the oldest entry not used since it was last spared (second-chance LRU). */
  #evictOne(): void {
    for (const [hash, entry] of this.#entries) {
      if (!entry.used) {
        this.#remove(hash, entry);
        return;
      }
      entry.used = false;
      this.#entries.delete(hash);
      this.#entries.set(hash, entry);
    }
  }

  #remove(hash: string, entry: Entry): void {
    this.#entries.delete(hash);
    const hashes = this.#byKey.get(entry.key);
    if (hashes === undefined) return;
    hashes.delete(hash);
    if (hashes.size === 0) this.#byKey.delete(entry.key);
  }
}
