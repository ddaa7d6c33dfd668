import {
  type CreateOptions,
  capExpiry,
  type Did,
  type ExpiryPolicy,
  evictionVictims,
  isSlideDue,
  isUnexpired,
  type ListOptions,
  type OperationContext,
  oldestFirst,
  type RevokeOneOptions,
  type RevokeOptions,
  type RotateOptions,
  type SessionPatch,
  type SessionRecord,
  type SessionStorage,
  slidExpiry,
  type TouchOptions,
} from '@coatcheck/core';

interface Entry {
  record: SessionRecord;
  secretHash: string;
  revokedUntil?: number;
}

function touched(record: SessionRecord, now: number, expiry: ExpiryPolicy): SessionRecord {
  if (!isSlideDue(record, now, expiry)) return record;
  return { ...record, lastActivity: now, expiresAt: slidExpiry(record, now, expiry) };
}

/**
 * The reference model of the storage contract: a small, obviously atomic in-memory storage
 * built on core's session rules, in which every method body runs without awaiting. The
 * model check replays random command sequences on an adapter and on this model and compares
 * every answer; the suite's own tests run the whole conformance suite against it.
 *
 * @example
 * ```ts
 * const model = new ReferenceStorage();
 * await model.create(record, hashSecret(secret), { now, logger, maxSessions: 10, retentionMs: 0 });
 * ```
 */
export class ReferenceStorage implements SessionStorage {
  readonly name = 'reference';
  readonly capabilities = { atomic: true } as const;
  readonly #records = new Map<string, Entry>();
  readonly #index = new Map<Did, Set<string>>();
  readonly #tokens = new Map<string, number>();

  #live(id: string, now: number): SessionRecord | null {
    const entry = this.#records.get(id);
    if (!entry || entry.revokedUntil !== undefined || !isUnexpired(entry.record, now)) return null;
    return entry.record;
  }

  #revoke(id: string, now: number, retentionMs: number): void {
    const entry = this.#records.get(id);
    if (!entry) return;
    if (retentionMs === 0) {
      this.#records.delete(id);
      this.#index.get(entry.record.did)?.delete(id);
      return;
    }
    entry.revokedUntil = now + retentionMs;
  }

  #liveOf(did: Did, now: number, includeRevoked = false): SessionRecord[] {
    const ids = this.#index.get(did) ?? new Set<string>();
    const out: SessionRecord[] = [];
    for (const id of [...ids]) {
      const entry = this.#records.get(id);
      if (entry === undefined) {
        ids.delete(id);
      } else if (entry.revokedUntil === undefined) {
        if (isUnexpired(entry.record, now)) out.push(entry.record);
        else ids.delete(id);
      } else if (entry.revokedUntil > now) {
        if (includeRevoked) out.push({ ...entry.record, revoked: true });
      } else {
        ids.delete(id);
      }
    }
    return out.sort((a, b) => -oldestFirst(a, b));
  }

  /** The stored secret hash of `id`, for the racy variants of the suite's own tests. */
  hashOf(id: string): string {
    return this.#records.get(id)?.secretHash ?? '';
  }

  /** Remaining lifetime of a stored record at `now`, or null when gone. */
  recordTtl(id: string, now: number): number | null {
    const entry = this.#records.get(id);
    if (!entry) return null;
    const left = (entry.revokedUntil ?? entry.record.expiresAt) - now;
    return left > 0 ? left : null;
  }

  async create(record: SessionRecord, secretHash: string, options: CreateOptions) {
    this.#records.set(record.id, { record, secretHash });
    const ids = this.#index.get(record.did) ?? new Set<string>();
    ids.add(record.id);
    this.#index.set(record.did, ids);
    const live = this.#liveOf(record.did, options.now);
    const evicted = evictionVictims(live, record.id, options.maxSessions).map((r) => r.id);
    for (const id of evicted) this.#revoke(id, options.now, options.retentionMs);
    return { evicted };
  }

  async get(id: string, secretHash: string, options: TouchOptions) {
    const record = this.#live(id, options.now);
    const entry = this.#records.get(id);
    if (!record || entry?.secretHash !== secretHash) return null;
    const next = touched(record, options.now, options.expiry);
    this.#records.set(id, { record: next, secretHash });
    return { record: next, fresh: next !== record };
  }

  async update(id: string, patch: SessionPatch, options: TouchOptions) {
    const record = this.#live(id, options.now);
    if (!record) return false;
    const next: SessionRecord = {
      ...record,
      ...(patch.lastActivity === undefined ? {} : { lastActivity: patch.lastActivity }),
      ...(patch.expiresAt === undefined
        ? {}
        : { expiresAt: capExpiry(record.createdAt, patch.expiresAt, options.expiry) }),
      ...(patch.scope === undefined ? {} : { scope: patch.scope }),
    };
    this.#records.set(id, { record: next, secretHash: this.#records.get(id)!.secretHash });
    return true;
  }

  async revoke(id: string, options: RevokeOneOptions) {
    const record = this.#live(id, options.now);
    if (!record || (options.did !== undefined && options.did !== record.did)) return null;
    this.#revoke(id, options.now, options.retentionMs);
    return { did: record.did };
  }

  async revokeAll(did: Did, options: RevokeOptions) {
    const ids = this.#liveOf(did, options.now).map((r) => r.id);
    for (const id of ids) this.#revoke(id, options.now, options.retentionMs);
    return ids;
  }

  async revokeOthers(did: Did, keepId: string, options: RevokeOptions) {
    const keep = this.#live(keepId, options.now);
    if (!keep || keep.did !== did) return null;
    const ids = this.#liveOf(did, options.now)
      .map((r) => r.id)
      .filter((id) => id !== keepId);
    for (const id of ids) this.#revoke(id, options.now, options.retentionMs);
    return ids;
  }

  async rotate(id: string, newId: string, newSecretHash: string, options: RotateOptions) {
    const record = this.#live(id, options.now);
    if (!record) return null;
    const next = touched(
      { ...record, id: newId, lastActivity: -Infinity },
      options.now,
      options.expiry,
    );
    this.#revoke(id, options.now, options.retentionMs);
    this.#records.set(newId, { record: next, secretHash: newSecretHash });
    this.#index.get(record.did)?.add(newId);
    return next;
  }

  async list(did: Did, options: ListOptions) {
    return this.#liveOf(did, options.now, options.includeRevoked);
  }

  async revokeToken(jti: string, expiresAt: number, _options: OperationContext) {
    this.#tokens.set(jti, Math.max(expiresAt, this.#tokens.get(jti) ?? 0));
  }

  async isTokenRevoked(jti: string, options: OperationContext) {
    return (this.#tokens.get(jti) ?? 0) > options.now;
  }
}
