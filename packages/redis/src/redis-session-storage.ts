import {
  CoatcheckError,
  type CreateOptions,
  type Did,
  fingerprint,
  InvalidArgumentError,
  isDid,
  type Logger,
  type OperationContext,
  type RevokeOptions,
  type RotateOptions,
  type SessionPatch,
  type SessionRecord,
  type SessionStorage,
  type StorageCapabilities,
  StorageError,
  type TouchOptions,
} from '@coatcheck/core';
import { decodeRecord, encodeRecord, encodeScope } from './codec.js';
import { bucketHex, KeyLayout, sessionIdFromMember } from './keys.js';
import { twoLists, UNDECODABLE, UnexpectedReplyError } from './replies.js';
import type { ScriptRunner } from './script-runner.js';
import { type RedisScript, SCRIPTS } from './scripts.js';

/** Options of {@link RedisSessionStorage}. */
export interface RedisSessionStorageOptions {
  /** The adapter's name in errors and logs, such as `ioredis` or `upstash`. */
  readonly name: string;
  /** Sends a script; see {@link ScriptRunner}. */
  readonly run: ScriptRunner;
  /**
   * Prepended to every key; must not contain `{` or `}`.
   * @defaultValue `'coatcheck:'`
   */
  readonly keyPrefix?: string;
}

/**
 * The shared base of the Redis adapters: builds keys and arguments, runs one script per
 * operation through a {@link ScriptRunner}, and decodes the replies. Adapters differ only in
 * their runner, so every Redis adapter reads and writes the same data.
 *
 * @remarks
 * Every method is exactly one runner call (one round trip), and each script touches one hash
 * slot: the user's `{bucket}`. A record that cannot be decoded reads as no session and is
 * logged at error level through the operation's logger, with a fingerprint of its id only.
 * Runner failures reject with `StorageError(name, operation, cause)`.
 *
 * @example
 * ```ts
 * import { RedisSessionStorage } from '@coatcheck/redis';
 *
 * const storage = new RedisSessionStorage({
 *   name: 'my-client',
 *   run: (script, keys, args) => myClient.evalsha(script.sha1, keys, args),
 * });
 * ```
 */
export class RedisSessionStorage implements SessionStorage {
  /** The adapter's name, used in error messages. */
  readonly name: string;
  /** Every operation is one Lua script, so it is atomic. */
  readonly capabilities: StorageCapabilities = Object.freeze({ atomic: true });
  /** The key layout under the configured prefix. */
  readonly keys: KeyLayout;
  readonly #run: ScriptRunner;

  /** @throws InvalidArgumentError (field `keyPrefix`) for a prefix with `{` or `}`. */
  constructor(options: RedisSessionStorageOptions) {
    this.name = options.name;
    this.#run = options.run;
    this.keys = new KeyLayout(options.keyPrefix);
  }

  /**
   * Script `create`: stores the record, indexes it and evicts the oldest live sessions beyond
   * `maxSessions` (never the new one). Keys: the record and the user's index.
   * @throws InvalidArgumentError when the id does not carry the DID's bucket.
   */
  async create(
    record: SessionRecord,
    options: CreateOptions,
  ): Promise<{ readonly evicted: readonly string[] }> {
    const bucket = bucketHex(record.did);
    if (record.id.slice(0, 4) !== bucket)
      throw new InvalidArgumentError('record.id', "must carry its DID's bucket");
    const reply = await this.#exec(
      SCRIPTS.create,
      [this.keys.record(record.id), this.keys.index(record.did)],
      [options.now, options.maxSessions, options.retentionMs, encodeRecord(record)],
    );
    const [evicted, corrupt] = this.#lists(reply, 'create');
    this.#reportMembers(corrupt, bucket, 'create', options.logger);
    return { evicted: this.#ids(evicted, bucket, 'create') };
  }

  /** Script `get`: the live record, slid when the touch interval has passed; `null` otherwise. */
  async get(id: string, options: TouchOptions): Promise<SessionRecord | null> {
    const { idleMs, absoluteMs, touchIntervalMs } = options.expiry;
    const reply = await this.#exec(
      SCRIPTS.get,
      [this.keys.record(id)],
      [options.now, idleMs, absoluteMs, touchIntervalMs],
    );
    return this.#record(id, reply, 'get', options.logger);
  }

  /** Script `update`: patches a live record; `false`, writing nothing, when it is not live. */
  async update(id: string, patch: SessionPatch, options: TouchOptions): Promise<boolean> {
    const reply = await this.#exec(
      SCRIPTS.update,
      [this.keys.record(id)],
      [
        options.now,
        options.expiry.absoluteMs,
        patch.lastActivity === undefined ? '' : time(patch.lastActivity, 'updates.lastActivity'),
        patch.expiresAt === undefined ? '' : time(patch.expiresAt, 'updates.expiresAt'),
        patch.scope === undefined ? '0' : '1',
        patch.scope === undefined ? '' : encodeScope(patch.scope),
      ],
    );
    if (reply === UNDECODABLE) this.#report(id, 'update', options.logger);
    else if (reply !== 0 && reply !== 1) throw this.#unexpected('update');
    return reply === 1;
  }

  /** Script `revoke`: marks a live record revoked (kept `retentionMs`) and unindexes it. */
  async revoke(id: string, options: RevokeOptions): Promise<{ readonly did: Did } | null> {
    const reply = await this.#exec(
      SCRIPTS.revoke,
      [this.keys.record(id)],
      [options.now, options.retentionMs],
    );
    if (reply === null) return null;
    if (reply === UNDECODABLE) {
      this.#report(id, 'revoke', options.logger);
      return null;
    }
    if (typeof reply !== 'string' || !isDid(reply)) throw this.#unexpected('revoke');
    return { did: reply };
  }

  /** Script `revokeAll`: revokes every live session in the user's index and deletes the index. */
  async revokeAll(did: Did, options: RevokeOptions): Promise<readonly string[]> {
    const reply = await this.#exec(
      SCRIPTS.revokeAll,
      [this.keys.index(did)],
      [options.now, options.retentionMs],
    );
    const [revoked, corrupt] = this.#lists(reply, 'revokeAll');
    const bucket = bucketHex(did);
    this.#reportMembers(corrupt, bucket, 'revokeAll', options.logger);
    return this.#ids(revoked, bucket, 'revokeAll');
  }

  /**
   * Script `revokeOthers`: revokes every live session of `did` but `keepId`; `null`, revoking
   * nothing, when `keepId` is not a live session of `did` (decided without a call when its bucket
   * differs).
   */
  async revokeOthers(
    did: Did,
    keepId: string,
    options: RevokeOptions,
  ): Promise<readonly string[] | null> {
    const bucket = bucketHex(did);
    // Another bucket cannot be this user's session; asking would also cross slots.
    if (keepId.slice(0, 4) !== bucket) return null;
    const reply = await this.#exec(
      SCRIPTS.revokeOthers,
      [this.keys.index(did), this.keys.record(keepId)],
      [options.now, options.retentionMs],
    );
    if (reply === null) return null;
    if (reply === UNDECODABLE) {
      this.#report(keepId, 'revokeOthers', options.logger);
      return null;
    }
    const [revoked, corrupt] = this.#lists(reply, 'revokeOthers');
    this.#reportMembers(corrupt, bucket, 'revokeOthers', options.logger);
    return this.#ids(revoked, bucket, 'revokeOthers');
  }

  /**
   * Script `rotate`: copies a live record to `newId` (refreshed) and revokes the old one, in one
   * step; `null`, writing nothing, when `id` is not live.
   * @throws InvalidArgumentError when `newId` carries another bucket.
   */
  async rotate(id: string, newId: string, options: RotateOptions): Promise<SessionRecord | null> {
    if (newId.slice(0, 4) !== id.slice(0, 4))
      throw new InvalidArgumentError('newId', 'must carry the same bucket');
    const { idleMs, absoluteMs } = options.expiry;
    const reply = await this.#exec(
      SCRIPTS.rotate,
      [this.keys.record(id), this.keys.record(newId)],
      [options.now, idleMs, absoluteMs, options.retentionMs],
    );
    if (reply === UNDECODABLE) {
      this.#report(id, 'rotate', options.logger);
      return null;
    }
    return this.#record(newId, reply, 'rotate', options.logger);
  }

  /** Script `list`: the user's live sessions, newest first; prunes dead index entries. */
  async list(did: Did, options: OperationContext): Promise<readonly SessionRecord[]> {
    const reply = await this.#exec(SCRIPTS.list, [this.keys.index(did)], [options.now]);
    const [entries, corrupt] = this.#lists(reply, 'list');
    const bucket = bucketHex(did);
    this.#reportMembers(corrupt, bucket, 'list', options.logger);
    const out: SessionRecord[] = [];
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 2) throw this.#unexpected('list');
      const id = sessionIdFromMember(bucket, entry[0]);
      const decoded = id === null ? null : decodeRecord(id, entry[1]);
      if (decoded === null || decoded.record.did !== did) this.#report(id, 'list', options.logger);
      else out.push(decoded.record);
    }
    return out;
  }

  /** Script `revokeToken`: blacklists `jti` until `expiresAt` (a later expiry wins). */
  async revokeToken(jti: string, expiresAt: number, options: OperationContext): Promise<void> {
    const reply = await this.#exec(
      SCRIPTS.revokeToken,
      [this.keys.token(jti)],
      [options.now, time(expiresAt, 'expiresAt')],
    );
    if (reply !== 1) throw this.#unexpected('revokeToken');
  }

  /** Script `isTokenRevoked`: whether `jti` is blacklisted at `now`. */
  async isTokenRevoked(jti: string, options: OperationContext): Promise<boolean> {
    const reply = await this.#exec(SCRIPTS.isTokenRevoked, [this.keys.token(jti)], [options.now]);
    if (reply !== 0 && reply !== 1) throw this.#unexpected('isTokenRevoked');
    return reply === 1;
  }

  /**
   * Runs one script; a failure becomes `StorageError`. A promise chain rather than an async
   * function: every operation, `get` on each request among them, passes through here.
   */
  #exec(script: RedisScript, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return this.#run(script, keys, args).catch((error: unknown) => {
        throw this.#failed(script, error);
      });
    } catch (error) {
      // A runner that throws instead of rejecting fails the same way.
      return Promise.reject(this.#failed(script, error));
    }
  }

  #failed(script: RedisScript, error: unknown): CoatcheckError {
    return error instanceof CoatcheckError
      ? error
      : new StorageError(this.name, script.name, error);
  }

  #lists(reply: unknown, operation: string): [unknown[], unknown[]] {
    const lists = twoLists(reply);
    if (lists === null) throw this.#unexpected(operation);
    return lists;
  }

  #unexpected(operation: string): StorageError {
    return new StorageError(this.name, operation, new UnexpectedReplyError(operation));
  }

  /** A record reply (`text | nil | -1`) to a live record, or `null`. */
  #record(id: string, reply: unknown, operation: string, logger: Logger): SessionRecord | null {
    if (reply === null) return null;
    if (typeof reply !== 'string' && reply !== UNDECODABLE) throw this.#unexpected(operation);
    const decoded = reply === UNDECODABLE ? null : decodeRecord(id, reply);
    if (decoded === null) {
      this.#report(id, operation, logger);
      return null;
    }
    return decoded.revokedAt === null ? decoded.record : null;
  }

  #ids(members: readonly unknown[], bucket: string, operation: string): string[] {
    return members.map((member) => {
      const id = sessionIdFromMember(bucket, member);
      if (id === null) throw this.#unexpected(operation);
      return id;
    });
  }

  #reportMembers(
    members: readonly unknown[],
    bucket: string,
    operation: string,
    logger: Logger,
  ): void {
    for (const member of members)
      this.#report(sessionIdFromMember(bucket, member), operation, logger);
  }

  #report(id: string | null, operation: string, logger: Logger): void {
    logger.error('coatcheck: undecodable session record reads as no session', {
      adapter: this.name,
      operation,
      session: id === null ? 'unknown' : fingerprint(id),
    });
  }
}

/** A time argument as decimal ms; Lua reads it with `tonumber`. */
function time(ms: number, field: string): string {
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new InvalidArgumentError(field, 'must be a time at or after 1970');
  return String(ms);
}
