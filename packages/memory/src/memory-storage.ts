import {
  type CreateOptions,
  capExpiry,
  constantTimeEqual,
  type Did,
  evictionVictims,
  isSlideDue,
  type ListOptions,
  type OperationContext,
  oldestFirst,
  type RevokeOneOptions,
  type RevokeOptions,
  type RotateOptions,
  type SessionPatch,
  type SessionRecord,
  type SessionStorage,
  type StorageCapabilities,
  slidExpiry,
  type TouchOptions,
  type TouchResult,
} from '@coatcheck/core';
import { DeadlineQueue } from './deadline-queue.js';
import { UserIndex } from './user-index.js';

/** Options of {@link MemoryStorage}; none are needed today, the object is kept for growth. */
export type MemoryStorageOptions = Record<string, never>;

/** Counts of what a {@link MemoryStorage} holds, for tests and monitoring. */
export interface MemoryStorageStats {
  /** Stored session records, live and revoked (kept for retention). */
  readonly records: number;
  /** Users with at least one live session. */
  readonly users: number;
  /** Blacklisted token ids. */
  readonly tokens: number;
}

type Stored = { -readonly [K in keyof SessionRecord]: SessionRecord[K] } & {
  secretHash: string;
  revokedAt?: number;
};

const RECORD = 'r:';
const TOKEN = 't:';

/**
 * Exact, atomic session storage in process memory: for tests, single-process apps and as the
 * reference the other adapters are checked against.
 *
 * @remarks
 * Every method runs synchronously to completion before its promise resolves, so no other
 * operation can interleave between a check and its write. Time comes only from the manager's
 * `now`. Expired records, index entries and tokens are dropped at the start of each operation,
 * in deadline order, without a timer that would keep the process alive; each operation costs
 * O(log n) in the number of stored items, plus the user's session count where it returns them.
 * Data lives in one process: use a Redis adapter when several processes share sessions.
 *
 * @example
 * ```ts
 * import { SessionManager } from '@coatcheck/core';
 * import { MemoryStorage } from '@coatcheck/memory';
 *
 * const sessions = new SessionManager({ storage: new MemoryStorage() });
 * ```
 */
export class MemoryStorage implements SessionStorage {
  /** Adapter name used in error messages. */
  readonly name = 'memory';
  /** Every operation is atomic. */
  readonly capabilities: StorageCapabilities = Object.freeze({ atomic: true });
  readonly #records = new Map<string, Stored>();
  readonly #users = new Map<Did, UserIndex>();
  /** Revoked records still kept, per user, for `list` with `includeRevoked`. */
  readonly #revoked = new Map<Did, UserIndex>();
  readonly #tokens = new Map<string, number>();
  readonly #deadlines = new DeadlineQueue();

  /** @param _options - reserved; pass nothing. */
  // biome-ignore lint/complexity/noUselessConstructor: keeps the documented `options?` parameter
  constructor(_options: MemoryStorageOptions = {}) {}

  /** What the store holds right now (expired items may linger until the next operation). */
  stats(): MemoryStorageStats {
    return { records: this.#records.size, users: this.#users.size, tokens: this.#tokens.size };
  }

  /**
   * Milliseconds until a stored record (live, or revoked and kept for audit) is deleted, or
   * `null` when none is stored. For tests of expiry and retention.
   */
  recordTtl(sessionId: string, now: number): number | null {
    const deadline = this.#deadlines.deadlineOf(RECORD + sessionId);
    return deadline === undefined || deadline <= now ? null : deadline - now;
  }

  async create(
    record: SessionRecord,
    secretHash: string,
    options: CreateOptions,
  ): Promise<{ readonly evicted: readonly string[] }> {
    this.#sweep(options.now);
    if (this.#records.has(record.id)) throw new Error('session id collision');
    const { revoked: _, ...fields } = record;
    this.#store({ ...fields, scope: [...record.scope], secretHash });
    const index = this.#users.get(record.did)!;
    const evicted: string[] = [];
    // Oldest first, skipping the new record: it may share its millisecond with an older one
    // whose id sorts after it, and a create must never hand back a revoked session.
    const victims = evictionVictims(index.entries, record.id, options.maxSessions).map(
      (entry) => entry.id,
    );
    for (const victim of victims) {
      const stored = this.#records.get(victim)!;
      this.#revokeStored(stored, options);
      evicted.push(stored.id);
    }
    return { evicted };
  }

  async get(id: string, secretHash: string, options: TouchOptions): Promise<TouchResult | null> {
    const stored = this.#live(id, options.now);
    if (!stored || !constantTimeEqual(stored.secretHash, secretHash)) return null;
    const fresh = isSlideDue(stored, options.now, options.expiry);
    if (fresh) {
      stored.lastActivity = options.now;
      this.#setExpiry(stored, slidExpiry(stored, options.now, options.expiry));
    }
    return { record: copy(stored), fresh };
  }

  async update(id: string, patch: SessionPatch, options: TouchOptions): Promise<boolean> {
    const stored = this.#live(id, options.now);
    if (!stored) return false;
    if (patch.lastActivity !== undefined) stored.lastActivity = patch.lastActivity;
    if (patch.scope !== undefined) stored.scope = [...patch.scope];
    if (patch.expiresAt !== undefined)
      this.#setExpiry(stored, capExpiry(stored.createdAt, patch.expiresAt, options.expiry));
    return true;
  }

  async revoke(id: string, options: RevokeOneOptions): Promise<{ readonly did: Did } | null> {
    const stored = this.#live(id, options.now);
    if (!stored || (options.did !== undefined && stored.did !== options.did)) return null;
    this.#revokeStored(stored, options);
    return { did: stored.did };
  }

  async revokeAll(did: Did, options: RevokeOptions): Promise<readonly string[]> {
    this.#sweep(options.now);
    const ids = (this.#users.get(did)?.entries ?? []).map((entry) => entry.id);
    for (const id of ids) this.#revokeStored(this.#records.get(id)!, options);
    return ids;
  }

  async revokeOthers(
    did: Did,
    keepId: string,
    options: RevokeOptions,
  ): Promise<readonly string[] | null> {
    const kept = this.#live(keepId, options.now);
    if (!kept || kept.did !== did) return null;
    const ids = this.#users
      .get(did)!
      .entries.map((entry) => entry.id)
      .filter((id) => id !== keepId);
    for (const id of ids) this.#revokeStored(this.#records.get(id)!, options);
    return ids;
  }

  async rotate(
    id: string,
    newId: string,
    newSecretHash: string,
    options: RotateOptions,
  ): Promise<SessionRecord | null> {
    const stored = this.#live(id, options.now);
    if (!stored) return null;
    if (this.#records.has(newId)) throw new Error('session id collision');
    this.#revokeStored(stored, options);
    const { revokedAt: _, ...fields } = stored;
    const next: Stored = {
      ...fields,
      id: newId,
      scope: [...stored.scope],
      lastActivity: options.now,
      secretHash: newSecretHash,
    };
    next.expiresAt = slidExpiry(next, options.now, options.expiry);
    this.#store(next);
    return copy(next);
  }

  async list(did: Did, options: ListOptions): Promise<readonly SessionRecord[]> {
    this.#sweep(options.now);
    const live = this.#users.get(did)?.entries ?? [];
    const revoked = options.includeRevoked ? (this.#revoked.get(did)?.entries ?? []) : [];
    const entries = revoked.length === 0 ? live : [...live, ...revoked].sort(oldestFirst);
    const out: SessionRecord[] = [];
    for (let i = entries.length - 1; i >= 0; i--)
      out.push(copy(this.#records.get(entries[i]!.id)!));
    return out;
  }

  async revokeToken(jti: string, expiresAt: number, options: OperationContext): Promise<void> {
    this.#sweep(options.now);
    const until = Math.max(expiresAt, this.#tokens.get(jti) ?? 0);
    this.#tokens.set(jti, until);
    this.#deadlines.set(TOKEN + jti, until);
  }

  async isTokenRevoked(jti: string, options: OperationContext): Promise<boolean> {
    this.#sweep(options.now);
    return (this.#tokens.get(jti) ?? 0) > options.now;
  }

  #store(stored: Stored): void {
    this.#records.set(stored.id, stored);
    this.#deadlines.set(RECORD + stored.id, stored.expiresAt);
    indexOf(this.#users, stored.did).insert(stored);
  }

  /** The record when it is live at `now`; sweeps first so every index holds only live ids. */
  #live(id: string, now: number): Stored | undefined {
    this.#sweep(now);
    const stored = this.#records.get(id);
    return stored && stored.revokedAt === undefined && stored.expiresAt > now ? stored : undefined;
  }

  #setExpiry(stored: Stored, expiresAt: number): void {
    stored.expiresAt = expiresAt;
    this.#deadlines.set(RECORD + stored.id, expiresAt);
  }

  #revokeStored(stored: Stored, options: { now: number; retentionMs: number }): void {
    unindex(this.#users, stored);
    if (options.retentionMs === 0) {
      this.#records.delete(stored.id);
      this.#deadlines.delete(RECORD + stored.id);
      return;
    }
    stored.revokedAt = options.now;
    this.#deadlines.set(RECORD + stored.id, options.now + options.retentionMs);
    indexOf(this.#revoked, stored.did).insert(stored);
  }

  #sweep(now: number): void {
    this.#deadlines.sweep(now, (key) => {
      const id = key.slice(2);
      if (key.startsWith(TOKEN)) {
        this.#tokens.delete(id);
        return;
      }
      const stored = this.#records.get(id);
      if (!stored) return;
      this.#records.delete(id);
      unindex(stored.revokedAt === undefined ? this.#users : this.#revoked, stored);
    });
  }
}

function indexOf(indexes: Map<Did, UserIndex>, did: Did): UserIndex {
  let index = indexes.get(did);
  if (!index) {
    index = new UserIndex();
    indexes.set(did, index);
  }
  return index;
}

function unindex(indexes: Map<Did, UserIndex>, stored: Stored): void {
  const index = indexes.get(stored.did);
  if (!index) return;
  index.remove(stored);
  if (index.size === 0) indexes.delete(stored.did);
}

function copy(stored: Stored): SessionRecord {
  const { revokedAt, secretHash: _, ...record } = stored;
  const scope = [...stored.scope];
  return revokedAt === undefined ? { ...record, scope } : { ...record, scope, revoked: true };
}
