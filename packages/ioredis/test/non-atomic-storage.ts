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
import { decodeRecord, encodeRecord, sessionField } from '@coatcheck/redis';
import type { Cluster, Redis } from 'ioredis';

const OPERATION = { operationId: 'non-atomic-step0' };

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
  override async create(record: SessionRecord, secretHash: string, options: CreateOptions) {
    const before = await super.list(record.did, { ...options, includeRevoked: false });
    await super.create(record, secretHash, { ...options, maxSessions: Number.MAX_SAFE_INTEGER });
    const excess = Math.max(0, before.length + 1 - options.maxSessions);
    const oldest = [...before].reverse().slice(0, excess);
    for (const session of oldest) await super.revoke(session.id, { ...options, ...OPERATION });
    return { evicted: oldest.map((session) => session.id) };
  }

  /** Reads the record, then writes the slid copy back over whatever happened meanwhile. */
  override async get(id: string, secretHash: string, options: TouchOptions) {
    const stored = await this.#read(id, options.now);
    if (!stored || stored.secretHash !== secretHash) return null;
    const slid = {
      ...stored.record,
      lastActivity: options.now,
      expiresAt: options.now + options.expiry.idleMs,
    };
    await this.#write(slid, secretHash);
    return { record: slid, fresh: true };
  }

  /** Reads, patches and writes back the whole record. */
  override async update(id: string, patch: SessionPatch, options: TouchOptions) {
    const stored = await this.#read(id, options.now);
    if (!stored) return false;
    await this.#write({ ...stored.record, ...patch }, stored.secretHash);
    return true;
  }

  /** Lists the sessions, then revokes what it listed. */
  override async revokeAll(did: Did, options: RevokeOptions) {
    const live = await super.list(did, { ...options, includeRevoked: false });
    const revoked: string[] = [];
    for (const session of live)
      if (await super.revoke(session.id, { ...options, operationId: session.id.slice(-16) }))
        revoked.push(session.id);
    return revoked;
  }

  /** Checks the old id is live, then creates the new one, then revokes the old one. */
  override async rotate(id: string, newId: string, newSecretHash: string, options: RotateOptions) {
    const stored = await this.#read(id, options.now);
    if (!stored) return null;
    const next = {
      ...stored.record,
      id: newId,
      lastActivity: options.now,
      expiresAt: options.now + options.expiry.idleMs,
    };
    await super.create(next, newSecretHash, { ...options, maxSessions: Number.MAX_SAFE_INTEGER });
    await super.revoke(id, { ...options, ...OPERATION });
    return next;
  }

  async #read(
    id: string,
    now: number,
  ): Promise<{ record: SessionRecord; secretHash: string } | null> {
    const raw = await this.#client.hget(this.keys.bucket(id), sessionField(id));
    const record = decodeRecord(id, raw);
    if (!record || record.revoked || record.expiresAt <= now) return null;
    return { record, secretHash: (raw as string).split('|')[6] as string };
  }

  async #write(record: SessionRecord, secretHash: string): Promise<void> {
    await this.#client.hset(
      this.keys.bucket(record.id),
      sessionField(record.id),
      encodeRecord(record, secretHash),
    );
  }
}
