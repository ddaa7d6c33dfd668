import {
  type CreateOptions,
  capExpiry,
  type Did,
  type ListOptions,
  type RevokeOptions,
  type RotateOptions,
  type SessionRecord,
} from '@coatcheck/core';
import {
  type Backend,
  type IndexChange,
  isLive,
  oldestFirst,
  type SessionState,
} from './backend.js';
import { encodeRecord, type StoredRecord, toSessionRecord } from './codec.js';

/**
 * How long the index of a user outlives a record it was written for: one more idle period, so
 * that a sliding refresh rarely has to extend the index.
 */
function indexLiveUntil(record: SessionRecord): number {
  return record.expiresAt + Math.max(0, record.expiresAt - record.lastActivity);
}

/** The index edit for sessions a step revoked: kept for `list` until their records go. */
export function revokedChange(
  ids: readonly string[],
  options: { now: number; retentionMs: number },
): IndexChange {
  return { revoked: { ids, keepUntil: options.now + options.retentionMs } };
}

/** The operations that go through a user's index. */
export class UserSessions {
  constructor(readonly backend: Backend) {}

  /**
   * Index first, record second, then a re-read of the index that re-adds the id if a
   * concurrent index writer dropped it: 4 round trips (index read, index write, record write,
   * index re-read). When the index holds `maxSessions` or more ids, the records are read to
   * count the live ones, and the oldest beyond the limit are revoked (marker first) before the
   * index drops them: 3 more. When the re-read finds more ids than the limit (creates for the
   * same user ran concurrently in other processes), that eviction runs once more on what it
   * found. A last re-read (1 more round trip) puts the id back if a writer from another process
   * dropped it meanwhile.
   */
  create(
    record: StoredRecord,
    options: CreateOptions,
  ): Promise<{ readonly evicted: readonly string[] }> {
    return this.backend.withUser(record.did, () => this.#create(record, options));
  }

  async #create(
    record: StoredRecord,
    options: CreateOptions,
  ): Promise<{ readonly evicted: readonly string[] }> {
    const { backend } = this;
    const { client, keys } = backend;
    const ctx = { now: options.now, logger: options.logger };
    const indexKey = await keys.index(record.did);
    const [firstRaw] = await client.getMany([indexKey]);
    const first = await this.#evict(record, firstRaw, true, options);
    await backend.editIndex(
      record.did,
      {
        add: [record.id],
        remove: first.remove,
        liveUntil: indexLiveUntil(record),
        ...revokedChange(first.evicted, options),
      },
      ctx,
      { raw: first.indexRaw },
    );
    await client.setMany([
      {
        key: keys.record(record.id),
        value: encodeRecord(record),
        ttl: record.expiresAt - options.now,
      },
    ]);
    const lastRaw = await backend.ensureIndexed(record.did, record.id, indexLiveUntil(record), ctx);
    const second = await this.#evict(record, lastRaw, false, options);
    if (second.remove.length > 0 || second.evicted.length > 0) {
      await backend.editIndex(
        record.did,
        { remove: second.remove, ...revokedChange(second.evicted, options) },
        ctx,
      );
    }
    await backend.ensureIndexed(record.did, record.id, indexLiveUntil(record), ctx);
    return { evicted: [...first.evicted, ...second.evicted] };
  }

  /**
   * When the index in `indexRaw` holds more ids than `maxSessions` allows, reads the records
   * and revokes the oldest live ones beyond the limit, never `own` (the record this create
   * adds: a create never hands back a revoked session, even when an older session shares its
   * millisecond). `own` counts as live when it is `incoming` (not written yet), else when its
   * record reads as live. Resolves the evicted ids (oldest first), the index entries to drop,
   * and a fresh read of the index to edit.
   */
  async #evict(
    own: SessionRecord,
    indexRaw: unknown,
    incoming: boolean,
    options: CreateOptions,
  ): Promise<{ evicted: string[]; remove: string[]; indexRaw: unknown }> {
    const { backend } = this;
    const index = backend.toIndex(own.did, indexRaw, options.logger);
    const ids = [...(index?.entries.keys() ?? [])].filter((id) => incoming || id !== own.id);
    if (!index || ids.length + (incoming ? 1 : 0) <= options.maxSessions) {
      return { evicted: [], remove: [], indexRaw };
    }
    const states = await backend.readStates(ids, options.logger);
    const live = states.filter((state) => isLive(state, options.now)).map((state) => state.stored);
    const count = live.length + (incoming ? 1 : 0);
    const victims = live.filter((stored) => stored.id !== own.id).sort(oldestFirst);
    const evicted = victims.slice(0, Math.max(0, count - options.maxSessions));
    await backend.revoke(evicted, options.now, options.retentionMs);
    const remove = backend.staleIds(index, states, options.now).filter((id) => id !== own.id);
    // Re-read so the caller's index write follows its read at once.
    const [freshRaw] = await backend.client.getMany([await backend.keys.index(own.did)]);
    return { evicted: evicted.map((old) => old.id), remove, indexRaw: freshRaw };
  }

  /**
   * Revokes every live session of `did`, or every one but `keepId` (then `null` when `keepId`
   * is not a live session of `did`). Reads the index (with the kept session), then the
   * records; writes markers and revoked records in one batch, then edits the index.
   */
  revokeAll(
    did: Did,
    keepId: string | null,
    options: RevokeOptions,
  ): Promise<readonly string[] | null> {
    return this.backend.withUser(did, () => this.#revokeAll(did, keepId, options));
  }

  async #revokeAll(
    did: Did,
    keepId: string | null,
    options: RevokeOptions,
  ): Promise<readonly string[] | null> {
    const { backend } = this;
    const indexKey = await backend.keys.index(did);
    const keepKeys = keepId === null ? [] : backend.sessionKeys([keepId]);
    const [indexRaw, ...keepRows] = await backend.client.getMany([indexKey, ...keepKeys]);
    if (keepId !== null) {
      const [kept] = backend.toStates([keepId], keepRows, options.logger);
      if (!kept || !isLive(kept, options.now) || kept.stored.did !== did) return null;
    }
    const index = backend.toIndex(did, indexRaw, options.logger);
    const ids = [...(index?.entries.keys() ?? [])].filter((id) => id !== keepId);
    const states = await backend.readStates(ids, options.logger);
    const live = states
      .filter((state) => isLive(state, options.now))
      .map((state) => state.stored)
      .sort(oldestFirst);
    await backend.revoke(live, options.now, options.retentionMs);
    const revokedIds = live.map((stored) => stored.id);
    const remove = index ? backend.staleIds(index, states, options.now) : [];
    // The kept session goes back in if a lost update had dropped it.
    const add = keepId === null ? [] : [keepId];
    if (
      revokedIds.length > 0 ||
      remove.length > 0 ||
      (keepId !== null && !index?.entries.has(keepId))
    ) {
      await backend.editIndex(did, { add, remove, ...revokedChange(revokedIds, options) }, options);
    }
    return live.map((stored) => stored.id);
  }

  /**
   * Adds the new id to the index, writes the new record, revokes the old one (marker first),
   * then drops the old id from the index: at no point is a live session missing from the
   * index, and a crash leaves at worst both ids indexed with the old one revoked.
   */
  async rotate(
    id: string,
    newId: string,
    newSecretHash: string,
    options: RotateOptions,
  ): Promise<SessionRecord | null> {
    const [first] = await this.backend.readStates([id], options.logger);
    if (!first || !isLive(first, options.now)) return null;
    return this.backend.withUser(first.stored.did, () =>
      this.#rotate(id, newId, newSecretHash, options),
    );
  }

  async #rotate(
    id: string,
    newId: string,
    newSecretHash: string,
    options: RotateOptions,
  ): Promise<SessionRecord | null> {
    const { backend } = this;
    // Read again in turn: of two rotations of one id in this process, only the first succeeds.
    const [state] = await backend.readStates([id], options.logger);
    if (!state || !isLive(state, options.now)) return null;
    const old = state.stored;
    const next: StoredRecord = {
      ...toSessionRecord(old),
      secretHash: newSecretHash,
      id: newId,
      lastActivity: options.now,
      expiresAt: capExpiry(old.createdAt, options.now + options.expiry.idleMs, options.expiry),
    };
    const ctx = { now: options.now, logger: options.logger };
    await backend.editIndex(old.did, { add: [newId], liveUntil: indexLiveUntil(next) }, ctx);
    await backend.client.setMany([
      {
        key: backend.keys.record(newId),
        value: encodeRecord(next),
        ttl: next.expiresAt - options.now,
      },
    ]);
    await backend.revoke([old], options.now, options.retentionMs);
    await backend.editIndex(old.did, { add: [newId], ...revokedChange([id], options) }, ctx);
    return toSessionRecord(next);
  }

  /** Reads the index, then the records; drops stale entries from the index when there are any. */
  list(did: Did, options: ListOptions): Promise<readonly SessionRecord[]> {
    return this.backend.withUser(did, () => this.#list(did, options));
  }

  async #list(did: Did, options: ListOptions): Promise<readonly SessionRecord[]> {
    const { backend } = this;
    const index = await backend.readIndex(did, options.logger);
    if (!index) return [];
    const liveIds = [...index.entries.keys()];
    const revokedIds = options.includeRevoked
      ? [...index.revoked].filter(([, keepUntil]) => keepUntil > options.now).map(([id]) => id)
      : [];
    const states: SessionState[] = await backend.readStates(
      [...liveIds, ...revokedIds],
      options.logger,
    );
    const live = states.slice(0, liveIds.length);
    const stale = backend.staleIds(index, live, options.now);
    if (stale.length > 0) await backend.editIndex(did, { remove: stale }, options);
    const kept = states
      .slice(liveIds.length)
      .filter((state) => state.stored !== null && state.stored.did === did)
      .map((state) => ({ ...state.stored!, revokedAt: state.stored!.revokedAt ?? options.now }));
    const listed: StoredRecord[] = live
      .filter((state) => isLive(state, options.now))
      .map((state) => state.stored);
    return [...listed, ...kept].sort((a, b) => -oldestFirst(a, b)).map(toSessionRecord);
  }
}
