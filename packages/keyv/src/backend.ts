import { type Did, fingerprint, type Logger } from '@coatcheck/core';
import {
  decodeIndex,
  decodeMarker,
  decodeRecord,
  encodeIndex,
  encodeMarker,
  encodeRecord,
  type StoredIndex,
  type StoredRecord,
} from './codec.js';
import type { KeyLayout } from './keys.js';
import type { KeyvClient, KeyvWrite } from './keyv-client.js';
import type { UserLocks } from './user-locks.js';

/**
 * How long an index entry whose record is missing is kept, in ms. Every writer adds an id to
 * the index before it writes the record, so for a moment an entry has no record yet; pruning it
 * then would leave that session out of its index. After this grace the entry is taken for the
 * leftover of a writer that died, or of a record the store expired, and dropped.
 */
export const PENDING_GRACE_MS = 60_000;

/** A session as read: the record (null when absent or undecodable) and whether it is marked. */
export interface SessionState {
  readonly id: string;
  readonly stored: StoredRecord | null;
  readonly marked: boolean;
}

/** What one index edit changes. */
export interface IndexChange {
  /** Ids to add (or keep), each with the time it is added. */
  readonly add?: readonly string[];
  /** Ids to drop. */
  readonly remove?: Iterable<string>;
  /** Ids revoked by this step, moved to the revoked list until their record goes. */
  readonly revoked?: { readonly ids: readonly string[]; readonly keepUntil: number };
  /** The index must live at least until then (manager clock, ms). */
  readonly liveUntil?: number;
}

/** Whether `state` is a live session at `now`: readable, unrevoked, unexpired. */
export function isLive(
  state: SessionState,
  now: number,
): state is SessionState & { stored: StoredRecord } {
  return (
    state.stored !== null &&
    state.stored.revokedAt === undefined &&
    !state.marked &&
    state.stored.expiresAt > now
  );
}

export { oldestFirst } from '@coatcheck/core';

/** Reads, revocation writes and index edits shared by the operations. */
export class Backend {
  constructor(
    readonly client: KeyvClient,
    readonly keys: KeyLayout,
    readonly locks: UserLocks,
  ) {}

  /** Runs `step` after every other step of this user in this process (see `UserLocks`). */
  async withUser<T>(did: Did, step: () => Promise<T>): Promise<T> {
    return this.locks.run(await this.keys.index(did), step);
  }

  /** The keys of a session's record and marker, in the order {@link toStates} reads them. */
  sessionKeys(ids: readonly string[]): string[] {
    return ids.flatMap((id) => [this.keys.record(id), this.keys.marker(id)]);
  }

  /** Decodes rows read with {@link sessionKeys}; an undecodable record is logged and absent. */
  toStates(ids: readonly string[], rows: readonly unknown[], logger: Logger): SessionState[] {
    return ids.map((id, i) => {
      const raw = rows[2 * i];
      let stored: StoredRecord | null = null;
      if (raw !== undefined) {
        stored = decodeRecord(id, raw);
        if (stored === null) {
          logger.error('coatcheck/keyv: undecodable session record read as absent', {
            session: fingerprint(id),
          });
        }
      }
      return { id, stored, marked: rows[2 * i + 1] !== undefined };
    });
  }

  /** The state of each session in `ids`, in one batch read. */
  async readStates(ids: readonly string[], logger: Logger): Promise<SessionState[]> {
    if (ids.length === 0) return [];
    return this.toStates(ids, await this.client.getMany(this.sessionKeys(ids)), logger);
  }

  /** Decodes an index value; an undecodable one is logged and read as empty. */
  toIndex(did: Did, raw: unknown, logger: Logger): StoredIndex | null {
    if (raw === undefined) return null;
    const index = decodeIndex(did, raw);
    if (index === null) {
      logger.error('coatcheck/keyv: undecodable user index read as empty', {
        user: fingerprint(did),
      });
    }
    return index;
  }

  async readIndex(did: Did, logger: Logger): Promise<StoredIndex | null> {
    const [raw] = await this.client.getMany([await this.keys.index(did)]);
    return this.toIndex(did, raw, logger);
  }

  /**
   * Revokes sessions: the markers first (a marker alone already makes every read see its
   * session revoked, and no refresh ever writes one), then each record rewritten as revoked
   * and kept `retentionMs`, or deleted when that is 0 (Keyv reads a TTL of 0 as "forever").
   * A marker lives at least as long as the live record could have, so a record left behind by
   * a crash, or written back by a racing refresh, is never readable.
   */
  async revoke(sessions: readonly StoredRecord[], now: number, retentionMs: number): Promise<void> {
    if (sessions.length === 0) return;
    const keepUntil = now + retentionMs;
    const writes: KeyvWrite[] = sessions.map((stored) => ({
      key: this.keys.marker(stored.id),
      value: encodeMarker({ revokedAt: now, keepUntil }),
      ttl: Math.max(retentionMs, stored.expiresAt - now),
    }));
    if (retentionMs === 0) {
      await this.client.setMany(writes);
      await this.client.deleteMany(sessions.map((stored) => this.keys.record(stored.id)));
      return;
    }
    for (const stored of sessions) {
      writes.push({
        key: this.keys.record(stored.id),
        value: encodeRecord({ ...stored, revokedAt: now }),
        ttl: retentionMs,
      });
    }
    await this.client.setMany(writes);
  }

  /**
   * Puts back the revoked copy of a record a racing refresh overwrote after a revoke, so the
   * record (not only its marker) reads as revoked. `markerRaw` is the marker just read.
   */
  async restoreRevoked(stored: StoredRecord, markerRaw: unknown, now: number): Promise<void> {
    const marker = decodeMarker(markerRaw);
    const key = this.keys.record(stored.id);
    if (marker === null || marker.keepUntil <= now) {
      await this.client.deleteMany([key]);
      return;
    }
    const value = encodeRecord({ ...stored, revokedAt: marker.revokedAt });
    await this.client.setMany([{ key, value, ttl: marker.keepUntil - now }]);
  }

  /**
   * Reads the user's index (unless `current` was just read), applies `change` and writes it
   * back when anything changed: one read and at most one write, back to back, so a concurrent
   * writer's change can be lost only when its own read-then-write overlaps this one.
   * Resolves whether it wrote.
   */
  async editIndex(
    did: Did,
    change: IndexChange,
    ctx: { now: number; logger: Logger },
    current?: { raw: unknown },
  ): Promise<boolean> {
    const key = await this.keys.index(did);
    const raw = current ? current.raw : (await this.client.getMany([key]))[0];
    const index = this.toIndex(did, raw, ctx.logger);
    const entries = new Map(index?.entries ?? []);
    const revoked = new Map(index?.revoked ?? []);
    let changed = index === null && raw !== undefined;
    for (const [id, keepUntil] of revoked) {
      if (keepUntil <= ctx.now) changed = revoked.delete(id) || changed;
    }
    for (const id of change.remove ?? []) changed = entries.delete(id) || changed;
    const kept = change.revoked;
    for (const id of kept?.ids ?? []) {
      changed = entries.delete(id) || changed;
      if (kept!.keepUntil > ctx.now) {
        revoked.set(id, kept!.keepUntil);
        changed = true;
      }
    }
    for (const id of change.add ?? []) {
      if (!entries.has(id)) {
        entries.set(id, ctx.now);
        changed = true;
      }
    }
    const exp = Math.max(index?.exp ?? 0, change.liveUntil ?? 0, kept?.keepUntil ?? 0);
    if (exp !== index?.exp) changed = true;
    if (!changed) return false;
    if ((entries.size === 0 && revoked.size === 0) || exp <= ctx.now) {
      await this.client.deleteMany([key]);
    } else {
      const value = encodeIndex({ did, entries, revoked, exp });
      await this.client.setMany([{ key, value, ttl: exp - ctx.now }]);
    }
    return true;
  }

  /**
   * Makes sure `id` is in the index and the index lives until `liveUntil`: re-reads after each
   * write and re-adds while a concurrent writer dropped it (at most `attempts` writes).
   * Resolves the last index value read.
   */
  async ensureIndexed(
    did: Did,
    id: string,
    liveUntil: number,
    ctx: { now: number; logger: Logger },
    attempts = 3,
  ): Promise<unknown> {
    const key = await this.keys.index(did);
    for (let i = 0; ; i++) {
      const [raw] = await this.client.getMany([key]);
      if (i === attempts || !(await this.editIndex(did, { add: [id], liveUntil }, ctx, { raw })))
        return raw;
    }
  }

  /**
   * Index entries that can go: the session is revoked, expired, or its record is missing (or
   * unreadable) and the entry is older than {@link PENDING_GRACE_MS}.
   */
  staleIds(index: StoredIndex, states: readonly SessionState[], now: number): string[] {
    return states
      .filter((state) => {
        if (isLive(state, now)) return false;
        if (state.stored !== null || state.marked) return true;
        return (index.entries.get(state.id) ?? 0) + PENDING_GRACE_MS <= now;
      })
      .map((state) => state.id);
  }
}
