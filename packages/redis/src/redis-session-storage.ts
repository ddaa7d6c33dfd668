import {
  CoatcheckError,
  type CreateOptions,
  type Did,
  type ExpiryPolicy,
  fingerprint,
  InvalidArgumentError,
  isDid,
  type ListOptions,
  type Logger,
  type OperationContext,
  type RevokeOneOptions,
  type RevokeOptions,
  type RotateOptions,
  type SessionPatch,
  type SessionRecord,
  type SessionStorage,
  type StorageCapabilities,
  StorageError,
  type TouchOptions,
  type TouchResult,
} from '@coatcheck/core';
import { cacheFor, settleThenDrop } from './cache-hooks.js';
import { decodeRecord, encodeRecord, encodeScope } from './codec.js';
import {
  checkDurability,
  type DurabilityOptions,
  type DurableScriptRunner,
  ReplicationTimeoutError,
} from './durability.js';
import { EvictionPolicyCheck, type EvictionPolicyReader } from './eviction-policy.js';
import type { InvalidationSource } from './invalidation.js';
import {
  bucketHex,
  KeyLayout,
  sessionField,
  sessionIdBucketHex,
  sessionIdFromField,
} from './keys.js';
import { twoLists, UNDECODABLE, UnexpectedReplyError } from './replies.js';
import type { ScriptRunner } from './script-runner.js';
import { type RedisScript, SCRIPTS, type ScriptName } from './scripts.js';
import type { SessionCache, SessionCacheOptions } from './session-cache.js';

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
  /**
   * The script set to send, by server family.
   * @defaultValue {@link SCRIPTS} (Redis 7 and Valkey flags)
   */
  readonly scripts?: Readonly<Record<ScriptName, RedisScript>>;
  /**
   * Wait for this many replicas after every revoking step (revoke, revokeAll, revokeOthers,
   * rotate, revokeToken); fewer in time rejects with `StorageError` (the revocation stands on
   * the primary; a retry is safe). Needs `runDurable`. @defaultValue none (no waiting)
   */
  readonly durability?: DurabilityOptions;
  /** Sends a script followed by `WAIT` on the same connection; needed for `durability`. */
  readonly runDurable?: DurableScriptRunner;
  /** Reads `maxmemory-policy` once at first use, to warn about one that evicts. */
  readonly readEvictionPolicy?: EvictionPolicyReader;
  /**
   * Serve `get` from process memory, kept coherent by `invalidation`; see {@link SessionCache}.
   * @defaultValue none (every read is a round trip)
   */
  readonly cache?: SessionCacheOptions;
  /** Where the cache learns of writes made elsewhere; needed for `cache`. */
  readonly invalidation?: InvalidationSource;
}

/**
 * The shared base of the Redis adapters: builds keys and arguments, runs one script per
 * operation through a {@link ScriptRunner}, and decodes the replies. Adapters differ only in
 * their runner, so every Redis adapter reads and writes the same data.
 *
 * @remarks
 * Every method is exactly one runner call (one round trip), and each script touches exactly
 * one key, declared in `KEYS[]`: the hash of the user's bucket (or a token key). A record that
 * cannot be decoded reads as no session and is logged at error level through the operation's
 * logger, with a fingerprint of its id only. Runner failures reject with
 * `StorageError(name, operation, cause)`. A re-sent script (a client's re-send after a lost
 * reply) resolves with its first run's outcome.
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
  /** The checked `durability` option, if any. */
  readonly durability: DurabilityOptions | undefined;
  readonly #run: ScriptRunner;
  readonly #runDurable: DurableScriptRunner | undefined;
  readonly #scripts: Readonly<Record<ScriptName, RedisScript>>;
  readonly #policy: EvictionPolicyCheck;
  /** The in-process cache of validated sessions, when the `cache` option is set. */
  readonly cache: SessionCache | undefined;
  readonly #invalidation: InvalidationSource | undefined;

  /**
   * @throws InvalidArgumentError (field `keyPrefix`) for a prefix with `{` or `}`; (fields
   * `durability`, `durability.replicas`, `durability.timeoutMs`) for a bad durability option.
   */
  constructor(options: RedisSessionStorageOptions) {
    this.name = options.name;
    this.#run = options.run;
    this.keys = new KeyLayout(options.keyPrefix);
    this.#scripts = options.scripts ?? SCRIPTS;
    this.durability = checkDurability(options.durability, options.runDurable);
    this.#runDurable = options.runDurable;
    this.#policy = new EvictionPolicyCheck(options.name, options.readEvictionPolicy);
    this.cache = cacheFor(options.cache, options.invalidation);
    this.#invalidation = this.cache && options.invalidation;
  }

  /** Stops the cache's invalidation tracking (and closes its connections); idempotent. */
  async close(): Promise<void> {
    this.cache?.down();
    await this.#invalidation?.close();
  }

  /** Script `create`: stores the record and evicts the user's oldest live sessions over the limit. */
  async create(
    record: SessionRecord,
    secretHash: string,
    options: CreateOptions,
  ): Promise<{ readonly evicted: readonly string[] }> {
    const bucket = bucketHex(record.did);
    if (sessionIdBucketHex(record.id) !== bucket)
      throw new InvalidArgumentError('record.id', "must carry its DID's bucket");
    const reply = await this.#exec(
      this.#scripts.create,
      this.keys.user(record.did),
      [
        options.now,
        options.maxSessions,
        options.retentionMs,
        sessionField(record.id),
        encodeRecord(record, secretHash),
      ],
      options.logger,
    );
    const [evicted, corrupt] = this.#lists(reply, 'create');
    this.#reportFields(corrupt, bucket, 'create', options.logger);
    return { evicted: this.#ids(evicted, bucket, 'create') };
  }

  /**
   * Script `get`: the live record if the hash matches, slid when the touch interval has passed;
   * with `cache`, served from memory when it may be (see {@link SessionCache}).
   */
  get(id: string, secretHash: string, options: TouchOptions): Promise<TouchResult | null> {
    const cache = this.cache;
    if (cache === undefined) return this.#read(id, secretHash, options);
    const hit = cache.hit(id, secretHash, options);
    if (hit !== undefined) return Promise.resolve(hit);
    // The ticket before the read is sent: an invalidation arriving meanwhile must win.
    const ticket = cache.begin(this.keys.bucket(id));
    const read = this.#read(id, secretHash, options);
    return ticket === undefined ? read : cache.fill(ticket, id, secretHash, options.now, read);
  }

  #read(id: string, secretHash: string, options: TouchOptions): Promise<TouchResult | null> {
    return this.#exec(
      this.#scripts.get,
      this.keys.bucket(id),
      [options.now, sessionField(id) + secretHash, expiryArgument(options.expiry)],
      options.logger,
    ).then((reply) => {
      if (reply === null) return null;
      // '+' in front: this step slid the record.
      const fresh = typeof reply === 'string' && reply.charCodeAt(0) === 43;
      const record = this.#record(
        id,
        fresh ? (reply as string).slice(1) : reply,
        'get',
        options.logger,
      );
      return record === null ? null : { record, fresh };
    });
  }

  /** Script `update`: patches a live record; `false`, writing nothing, when it is not live. */
  async update(id: string, patch: SessionPatch, options: TouchOptions): Promise<boolean> {
    const reply = await this.#exec(
      this.#scripts.update,
      this.keys.bucket(id),
      [
        options.now,
        sessionField(id),
        options.expiry.absoluteMs,
        patch.lastActivity === undefined ? '' : time(patch.lastActivity, 'updates.lastActivity'),
        patch.expiresAt === undefined ? '' : time(patch.expiresAt, 'updates.expiresAt'),
        patch.scope === undefined ? '0' : '1',
        patch.scope === undefined ? '' : encodeScope(patch.scope),
      ],
      options.logger,
    );
    if (reply === UNDECODABLE) this.#report(id, 'update', options.logger);
    else if (reply !== 0 && reply !== 1) throw this.#unexpected('update');
    return reply === 1;
  }

  /** Script `revoke`: marks a live record revoked (kept `retentionMs`, deleted when 0). */
  async revoke(id: string, options: RevokeOneOptions): Promise<{ readonly did: Did } | null> {
    const reply = await this.#exec(
      this.#scripts.revoke,
      this.keys.bucket(id),
      [options.now, sessionField(id), options.retentionMs, options.operationId, options.did ?? ''],
      options.logger,
      true,
    );
    if (reply === null) return null;
    if (reply === UNDECODABLE) {
      this.#report(id, 'revoke', options.logger);
      return null;
    }
    if (typeof reply !== 'string' || !isDid(reply)) throw this.#unexpected('revoke');
    return { did: reply };
  }

  /** Script `revokeAll`: revokes every live session of `did`. */
  async revokeAll(did: Did, options: RevokeOptions): Promise<readonly string[]> {
    const reply = await this.#exec(
      this.#scripts.revokeAll,
      this.keys.user(did),
      [options.now, did, options.retentionMs, options.operationId],
      options.logger,
      true,
    );
    const [revoked, corrupt] = this.#lists(reply, 'revokeAll');
    const bucket = bucketHex(did);
    this.#reportFields(corrupt, bucket, 'revokeAll', options.logger);
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
    if (sessionIdBucketHex(keepId) !== bucket) return null;
    const reply = await this.#exec(
      this.#scripts.revokeOthers,
      this.keys.user(did),
      [options.now, did, options.retentionMs, options.operationId, sessionField(keepId)],
      options.logger,
      true,
    );
    if (reply === null) return null;
    if (reply === UNDECODABLE) {
      this.#report(keepId, 'revokeOthers', options.logger);
      return null;
    }
    const [revoked, corrupt] = this.#lists(reply, 'revokeOthers');
    this.#reportFields(corrupt, bucket, 'revokeOthers', options.logger);
    return this.#ids(revoked, bucket, 'revokeOthers');
  }

  /**
   * Script `rotate`: copies a live record to `newId` (refreshed, with the new hash) and revokes
   * the old one, in one step; `null`, writing nothing, when `id` is not live.
   * @throws InvalidArgumentError when `newId` carries another bucket.
   */
  async rotate(
    id: string,
    newId: string,
    newSecretHash: string,
    options: RotateOptions,
  ): Promise<SessionRecord | null> {
    if (sessionIdBucketHex(newId) !== sessionIdBucketHex(id))
      throw new InvalidArgumentError('newId', 'must carry the same bucket');
    const { idleMs, absoluteMs } = options.expiry;
    const reply = await this.#exec(
      this.#scripts.rotate,
      this.keys.bucket(id),
      [
        options.now,
        sessionField(id),
        sessionField(newId),
        newSecretHash,
        idleMs,
        absoluteMs,
        options.retentionMs,
      ],
      options.logger,
      true,
    );
    if (reply === UNDECODABLE) {
      this.#report(id, 'rotate', options.logger);
      return null;
    }
    return this.#record(newId, reply, 'rotate', options.logger);
  }

  /** Script `list`: the user's sessions, newest first; prunes dead fields on the way. */
  async list(did: Did, options: ListOptions): Promise<readonly SessionRecord[]> {
    const reply = await this.#exec(
      this.#scripts.list,
      this.keys.user(did),
      [options.now, did, options.includeRevoked ? '1' : '0'],
      options.logger,
    );
    const [entries, corrupt] = this.#lists(reply, 'list');
    const bucket = bucketHex(did);
    this.#reportFields(corrupt, bucket, 'list', options.logger);
    const out: SessionRecord[] = [];
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 2) throw this.#unexpected('list');
      const id = sessionIdFromField(bucket, entry[0]);
      const record = id === null ? null : decodeRecord(id, entry[1]);
      if (record === null || record.did !== did) this.#report(id, 'list', options.logger);
      else out.push(record);
    }
    return out;
  }

  /** Script `revokeToken`: blacklists `jti` until `expiresAt` (a later expiry wins). */
  async revokeToken(jti: string, expiresAt: number, options: OperationContext): Promise<void> {
    const reply = await this.#exec(
      this.#scripts.revokeToken,
      this.keys.token(jti),
      [options.now, time(expiresAt, 'expiresAt')],
      options.logger,
      true,
    );
    if (reply !== 1) throw this.#unexpected('revokeToken');
  }

  /** Script `isTokenRevoked`: whether `jti` is blacklisted at `now`. */
  async isTokenRevoked(jti: string, options: OperationContext): Promise<boolean> {
    const reply = await this.#exec(
      this.#scripts.isTokenRevoked,
      this.keys.token(jti),
      [options.now],
      options.logger,
    );
    if (reply !== 0 && reply !== 1) throw this.#unexpected('isTokenRevoked');
    return reply === 1;
  }

  /**
   * Runs one script on its one key; a failure becomes `StorageError`. A revoking step waits for
   * replicas when `durability` is set. A promise chain rather than an async function: every
   * operation, `get` on each request among them, passes through here.
   */
  #exec(
    script: RedisScript,
    key: string,
    args: (string | number)[],
    logger: Logger,
    revoking = false,
  ): Promise<unknown> {
    this.#policy.run(logger);
    try {
      const durability = revoking ? this.durability : undefined;
      const sent =
        durability === undefined
          ? this.#run(script, [key], args)
          : (this.#runDurable as DurableScriptRunner)(script, [key], args, durability).then(
              ({ reply, replicas }) => {
                if (replicas < durability.replicas)
                  throw new ReplicationTimeoutError(replicas, durability);
                return reply;
              },
            );
      // This process's own writes drop what they change before the caller hears of them.
      const cache = this.cache;
      return (cache === undefined ? sent : settleThenDrop(cache, script, key, sent)).catch(
        (error: unknown) => {
          throw this.#failed(script, error);
        },
      );
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
    const record = reply === UNDECODABLE ? null : decodeRecord(id, reply);
    if (record === null) {
      this.#report(id, operation, logger);
      return null;
    }
    return record.revoked === true ? null : record;
  }

  #ids(fields: readonly unknown[], bucket: string, operation: string): string[] {
    return fields.map((field) => {
      const id = sessionIdFromField(bucket, field);
      if (id === null) throw this.#unexpected(operation);
      return id;
    });
  }

  #reportFields(
    fields: readonly unknown[],
    bucket: string,
    operation: string,
    logger: Logger,
  ): void {
    for (const field of fields) this.#report(sessionIdFromField(bucket, field), operation, logger);
  }

  #report(id: string | null, operation: string, logger: Logger): void {
    logger.error('coatcheck: undecodable session record reads as no session', {
      adapter: this.name,
      operation,
      session: id === null ? 'unknown' : fingerprint(id),
    });
  }
}

// The manager passes one frozen policy object on every read: its argument is built once.
const EXPIRY_ARGUMENTS = new WeakMap<ExpiryPolicy, string>();

/** `idleMs:absoluteMs:touchIntervalMs`, the one argument `get` reads the policy from. */
function expiryArgument(expiry: ExpiryPolicy): string {
  let text = EXPIRY_ARGUMENTS.get(expiry);
  if (text === undefined) {
    text = `${expiry.idleMs}:${expiry.absoluteMs}:${expiry.touchIntervalMs}`;
    EXPIRY_ARGUMENTS.set(expiry, text);
  }
  return text;
}

/** A time argument as decimal ms; Lua reads it with `tonumber`. */
function time(ms: number, field: string): string {
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new InvalidArgumentError(field, 'must be a time at or after 1970');
  return String(ms);
}
