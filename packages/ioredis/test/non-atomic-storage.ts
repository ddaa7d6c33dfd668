import type {
  CreateOptions,
  Did,
  RevokeOptions,
  RotateOptions,
  SessionPatch,
  SessionRecord,
  TouchOptions,
} from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { decodeRecord, encodeRecord } from '@coatcheck/redis';
import type { Cluster, Redis } from 'ioredis';

/**
 * A deliberately broken IoRedisStorage for checking that the race tests have teeth: each
 * overridden operation is split into several round trips, the way the code coatcheck replaces
 * did it (check, then act). Sequentially it behaves exactly like the real one.
 */
export class NonAtomicStorage extends IoRedisStorage {
  readonly #client: Redis | Cluster;

  constructor(client: Redis | Cluster, keyPrefix: string) {
    super(client, { keyPrefix });
    this.#client = client;
  }

  /** Counts the live sessions first, inserts, then evicts by the stale count. */
  override async create(record: SessionRecord, options: CreateOptions) {
    const before = await super.list(record.did, options);
    await super.create(record, { ...options, maxSessions: Number.MAX_SAFE_INTEGER });
    const excess = Math.max(0, before.length + 1 - options.maxSessions);
    const oldest = [...before].reverse().slice(0, excess);
    for (const session of oldest) await super.revoke(session.id, options);
    return { evicted: oldest.map((session) => session.id) };
  }

  /** Reads the record, then writes the slid copy back over whatever happened meanwhile. */
  override async get(id: string, options: TouchOptions) {
    const record = await this.#read(id, options.now);
    if (!record) return null;
    const slid = {
      ...record,
      lastActivity: options.now,
      expiresAt: options.now + options.expiry.idleMs,
    };
    await this.#write(slid, options.now);
    return slid;
  }

  /** Reads, patches and writes back the whole record. */
  override async update(id: string, patch: SessionPatch, options: TouchOptions) {
    const record = await this.#read(id, options.now);
    if (!record) return false;
    await this.#write({ ...record, ...patch }, options.now);
    return true;
  }

  /** Lists the sessions, drops the index, then revokes what it listed. */
  override async revokeAll(did: Did, options: RevokeOptions) {
    const live = await super.list(did, options);
    await this.#client.del(this.keys.index(did));
    const revoked: string[] = [];
    for (const session of live)
      if (await super.revoke(session.id, options)) revoked.push(session.id);
    return revoked;
  }

  /** Checks the old id is live, then creates the new one, then revokes the old one. */
  override async rotate(id: string, newId: string, options: RotateOptions) {
    const record = await this.#read(id, options.now);
    if (!record) return null;
    const next = {
      ...record,
      id: newId,
      lastActivity: options.now,
      expiresAt: options.now + options.expiry.idleMs,
    };
    await super.create(next, { ...options, maxSessions: Number.MAX_SAFE_INTEGER });
    await super.revoke(id, options);
    return next;
  }

  async #read(id: string, now: number): Promise<SessionRecord | null> {
    const decoded = decodeRecord(id, await this.#client.get(this.keys.record(id)));
    if (!decoded || decoded.revokedAt !== null || decoded.record.expiresAt <= now) return null;
    return decoded.record;
  }

  async #write(record: SessionRecord, now: number): Promise<void> {
    await this.#client.set(
      this.keys.record(record.id),
      encodeRecord(record),
      'PX',
      record.expiresAt - now,
    );
  }
}
