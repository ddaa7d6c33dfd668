import { type ResolvedConfig, resolveConfig } from './config.js';
import { CoatcheckError, SessionRevokedError, StorageError } from './errors.js';
import { didBucket, generateSessionId, isSessionId, sessionIdBucket } from './ids.js';
import { fingerprint, silentLogger } from './logger.js';
import type {
  CreateOptions,
  ExpiryPolicy,
  SessionRecord,
  SessionStorage,
  TouchOptions,
} from './storage.js';
import type {
  Did,
  ISessionManager,
  Logger,
  RevocationReason,
  Session,
  SessionHooks,
  SessionManagerConfig,
  SessionMetadata,
  SessionUpdate,
} from './types.js';
import {
  assertDate,
  assertDid,
  assertJti,
  assertSessionIdType,
  normalizeMetadata,
  normalizeUpdate,
} from './validation.js';

/** Options of the {@link SessionManager} constructor. */
export interface SessionManagerOptions {
  /** The storage adapter, such as `new MemoryStorage()` or `new IoRedisStorage(redis)`. */
  readonly storage: SessionStorage;
  /**
   * Where coatcheck logs. Lines never hold a full session id or token id, only a fingerprint.
   * @defaultValue a silent logger
   */
  readonly logger?: Logger;
  /** Limits and timeouts; see {@link SessionManagerConfig} for the defaults. */
  readonly config?: SessionManagerConfig;
  /** Audit hooks, called after each storage step succeeded. */
  readonly hooks?: SessionHooks;
  /**
   * The clock, in milliseconds since the epoch. Tests inject one to move time without sleeping.
   * @defaultValue `Date.now`
   */
  readonly now?: () => number;
}

/**
 * Server-side sessions for AT Protocol users: create one at sign-in, look it up on every
 * request (sliding its expiry), list a user's devices, revoke one or all, cap sessions per
 * user, and blacklist JWT ids until they expire.
 *
 * Every method validates its input before touching storage and throws `InvalidArgumentError`
 * naming the bad field; backend failures reject with `StorageError`. With an atomic adapter
 * (memory, ioredis, upstash) each method is one atomic storage step.
 *
 * @example
 * ```ts
 * import { SessionManager } from '@coatcheck/core';
 * import { MemoryStorage } from '@coatcheck/memory';
 *
 * const sessions = new SessionManager({
 *   storage: new MemoryStorage(),
 *   config: { sessionExpirationSeconds: 7 * 86400, maxSessionsPerUser: 5 },
 * });
 * const session = await sessions.createSession('did:plc:abc123', {
 *   ipAddress: '203.0.113.7',
 *   userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
 *   scope: ['read', 'write'],
 * });
 * const again = await sessions.getSession(session.id); // slides the expiry
 * ```
 */
export class SessionManager implements ISessionManager {
  /** The validated config with its defaults filled in. */
  readonly config: ResolvedConfig;
  readonly #storage: SessionStorage;
  readonly #logger: Logger;
  readonly #hooks: SessionHooks;
  readonly #now: () => number;
  readonly #expiry: ExpiryPolicy;

  /**
   * @param options - the storage adapter, and optionally a logger, config, hooks and clock.
   * @throws InvalidArgumentError when a config value breaks its rule (the field is named).
   */
  constructor(options: SessionManagerOptions) {
    if (typeof options !== 'object' || options === null || typeof options.storage !== 'object') {
      throw new TypeError('SessionManager needs { storage }');
    }
    this.config = Object.freeze(resolveConfig(options.config));
    this.#storage = options.storage;
    this.#logger = options.logger ?? silentLogger;
    this.#hooks = options.hooks ?? {};
    this.#now = options.now ?? Date.now;
    this.#expiry = Object.freeze({
      idleMs: this.config.sessionExpirationSeconds * 1000,
      absoluteMs: this.config.absoluteExpirationSeconds * 1000,
      touchIntervalMs: this.config.touchIntervalSeconds * 1000,
    });
  }

  /**
   * Creates a session for `did`. When the user would then hold more than `maxSessionsPerUser`
   * live sessions, the oldest are revoked in the same atomic step, so that exactly the limit
   * remains.
   *
   * @param did - the user, in AT Protocol DID syntax.
   * @param metadata - client IP, user agent, and optionally a device id and scopes.
   * @returns the new session; `expiresAt` is `sessionExpirationSeconds` from now.
   * @throws InvalidArgumentError for a bad DID or metadata field.
   */
  async createSession(did: Did, metadata: SessionMetadata): Promise<Session> {
    assertDid(did);
    const meta = normalizeMetadata(metadata);
    const now = this.#now();
    const record: SessionRecord = {
      id: generateSessionId(didBucket(did)),
      did,
      createdAt: now,
      expiresAt: this.#expiryFrom(now, now),
      lastActivity: now,
      ...meta,
    };
    // The record's own clock reading is the step's `now`: creation and eviction share one time.
    const options: CreateOptions = {
      now,
      logger: this.#logger,
      maxSessions: this.config.maxSessionsPerUser,
      retentionMs: this.#retentionMs(),
    };
    let evicted: readonly string[];
    try {
      ({ evicted } = await this.#storage.create(record, options));
    } catch (error) {
      throw this.#failed('create', error);
    }
    const session = toSession(record);
    this.#logger.debug('coatcheck: session created', {
      session: fingerprint(record.id),
      evicted: evicted.length,
    });
    await this.#hook('onSessionCreated', session);
    for (const sessionId of evicted) await this.#revokedHook(sessionId, did, 'evicted');
    return session;
  }

  /**
   * Looks a session up and slides its expiry: when `lastActivity` is older than
   * `touchIntervalSeconds`, the same storage step sets `lastActivity` to now and `expiresAt` to
   * now plus `sessionExpirationSeconds` (never past the absolute cap).
   *
   * @returns the session, or `null` for an unknown, expired or revoked id, and for a string
   * that is not a well-formed id (without a storage call).
   * @throws InvalidArgumentError when `sessionId` is not a string.
   */
  async getSession(sessionId: string): Promise<Session | null> {
    assertSessionIdType(sessionId);
    if (!isSessionId(sessionId)) return null;
    // The lookup behind every request: one object and one await between caller and storage.
    const options: TouchOptions = { now: this.#now(), logger: this.#logger, expiry: this.#expiry };
    let record: SessionRecord | null;
    try {
      record = await this.#storage.get(sessionId, options);
    } catch (error) {
      throw this.#failed('get', error);
    }
    return record ? toSession(record) : null;
  }

  /**
   * Changes `lastActivity`, `expiresAt` or `scope` of a live session, atomically against
   * revocation: a session revoked concurrently never comes back.
   *
   * @throws SessionRevokedError when the session is missing, expired or revoked.
   * @throws InvalidArgumentError for a non-string id or a bad field in `updates`.
   */
  async updateSession(sessionId: string, updates: SessionUpdate): Promise<void> {
    assertSessionIdType(sessionId);
    const patch = normalizeUpdate(updates);
    if (!isSessionId(sessionId)) throw this.#revokedError(sessionId);
    const updated = await this.#call('update', (ctx) =>
      this.#storage.update(sessionId, patch, { ...ctx, expiry: this.#expiry }),
    );
    if (!updated) throw this.#revokedError(sessionId);
  }

  /**
   * Revokes a session: the record is marked revoked, kept `revokedRetentionSeconds` for audit
   * and removed from its user's index. Unknown or malformed ids are a no-op; it is idempotent.
   *
   * @throws InvalidArgumentError when `sessionId` is not a string.
   */
  async revokeSession(sessionId: string): Promise<void> {
    assertSessionIdType(sessionId);
    if (!isSessionId(sessionId)) return;
    const revoked = await this.#call('revoke', (ctx) =>
      this.#storage.revoke(sessionId, { ...ctx, retentionMs: this.#retentionMs() }),
    );
    if (revoked) await this.#revokedHook(sessionId, revoked.did, 'revoked');
  }

  /**
   * Revokes every session `did` holds at this moment, in one atomic step, including sessions
   * slid far past their original expiry.
   *
   * @throws InvalidArgumentError for a bad DID.
   */
  async revokeAllSessions(did: Did): Promise<void> {
    assertDid(did);
    const ids = await this.#call('revokeAll', (ctx) =>
      this.#storage.revokeAll(did, { ...ctx, retentionMs: this.#retentionMs() }),
    );
    for (const sessionId of ids) await this.#revokedHook(sessionId, did, 'revoked-all');
  }

  /**
   * "Sign out other devices": revokes every session of `did` except `keepSessionId`, atomically.
   *
   * @throws SessionRevokedError, revoking nothing, when `keepSessionId` is not a live session of
   * `did`.
   * @throws InvalidArgumentError for a bad DID or a non-string id.
   */
  async revokeOtherSessions(did: Did, keepSessionId: string): Promise<void> {
    assertDid(did);
    assertSessionIdType(keepSessionId, 'keepSessionId');
    if (!isSessionId(keepSessionId) || sessionIdBucket(keepSessionId) !== didBucket(did)) {
      throw this.#revokedError(keepSessionId);
    }
    const ids = await this.#call('revokeOthers', (ctx) =>
      this.#storage.revokeOthers(did, keepSessionId, { ...ctx, retentionMs: this.#retentionMs() }),
    );
    if (ids === null) throw this.#revokedError(keepSessionId);
    for (const sessionId of ids) await this.#revokedHook(sessionId, did, 'others-revoked');
  }

  /**
   * Gives a live session a new id (after sign-in or a privilege change, against session
   * fixation). The old id is revoked in the same atomic step; the session keeps its user,
   * metadata, scope and `createdAt`, with a fresh `lastActivity`.
   *
   * @returns the session under its new id.
   * @throws SessionRevokedError when the session is missing, expired or revoked.
   * @throws InvalidArgumentError when `sessionId` is not a string.
   */
  async rotateSession(sessionId: string): Promise<Session> {
    assertSessionIdType(sessionId);
    if (!isSessionId(sessionId)) throw this.#revokedError(sessionId);
    const newId = generateSessionId(sessionIdBucket(sessionId));
    const record = await this.#call('rotate', (ctx) =>
      this.#storage.rotate(sessionId, newId, {
        ...ctx,
        expiry: this.#expiry,
        retentionMs: this.#retentionMs(),
      }),
    );
    if (!record) throw this.#revokedError(sessionId);
    await this.#revokedHook(sessionId, record.did, 'rotated');
    return toSession(record);
  }

  /**
   * The user's live sessions, newest `createdAt` first. Index entries of expired sessions are
   * pruned in the same step. Listing does not slide any session.
   *
   * @throws InvalidArgumentError for a bad DID.
   */
  async listSessions(did: Did): Promise<readonly Session[]> {
    assertDid(did);
    const records = await this.#call('list', (ctx) => this.#storage.list(did, ctx));
    return Object.freeze(records.map(toSession));
  }

  /**
   * Blacklists a JWT id until `expiresAt`. A token already past `expiresAt` needs no entry, so
   * none is written.
   *
   * @throws InvalidArgumentError for an empty or over-long `jti` or an invalid date.
   */
  async revokeToken(jti: string, expiresAt: Date): Promise<void> {
    assertJti(jti);
    assertDate(expiresAt, 'expiresAt');
    const now = this.#now();
    const at = expiresAt.getTime();
    if (at <= now) return;
    await this.#call('revokeToken', (ctx) => this.#storage.revokeToken(jti, at, ctx), now);
  }

  /**
   * Whether a JWT id is on the blacklist.
   *
   * @throws InvalidArgumentError for an empty or over-long `jti`.
   */
  async isTokenRevoked(jti: string): Promise<boolean> {
    assertJti(jti);
    return this.#call('isTokenRevoked', (ctx) => this.#storage.isTokenRevoked(jti, ctx));
  }

  #expiryFrom(createdAt: number, now: number): number {
    const idle = now + this.#expiry.idleMs;
    return this.#expiry.absoluteMs > 0 ? Math.min(idle, createdAt + this.#expiry.absoluteMs) : idle;
  }

  #retentionMs(): number {
    return this.config.revokedRetentionSeconds * 1000;
  }

  #revokedError(sessionId: string): SessionRevokedError {
    return new SessionRevokedError(
      `Session ${fingerprint(sessionId)} is missing, expired or revoked`,
    );
  }

  /** Runs one storage step; anything but a coatcheck error becomes a `StorageError`. */
  async #call<T>(
    operation: string,
    step: (ctx: { now: number; logger: Logger }) => Promise<T>,
    now = this.#now(),
  ): Promise<T> {
    try {
      return await step({ now, logger: this.#logger });
    } catch (error) {
      throw this.#failed(operation, error);
    }
  }

  /** A failed storage step's error, logged: anything but a coatcheck error is a `StorageError`. */
  #failed(operation: string, error: unknown): CoatcheckError {
    const wrapped =
      error instanceof CoatcheckError
        ? error
        : new StorageError(this.#storage.name, operation, error);
    this.#logger.error('coatcheck: storage step failed', { operation, error: wrapped.message });
    return wrapped;
  }

  async #revokedHook(sessionId: string, did: Did, reason: RevocationReason): Promise<void> {
    this.#logger.debug('coatcheck: session ended', { session: fingerprint(sessionId), reason });
    await this.#hook('onSessionRevoked', { sessionId, did, reason });
  }

  async #hook<K extends keyof SessionHooks>(
    name: K,
    argument: Parameters<NonNullable<SessionHooks[K]>>[0],
  ): Promise<void> {
    const hook = this.#hooks[name] as ((arg: typeof argument) => void | Promise<void>) | undefined;
    if (!hook) return;
    try {
      await hook.call(this.#hooks, argument);
    } catch (error) {
      this.#logger.error(`coatcheck: ${name} hook failed`, {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

function toSession(record: SessionRecord): Session {
  // An adapter may keep (memory) or share (decoder caches) the scope it hands over; a frozen
  // array can be shared as it is, any other is copied so that callers never alias storage.
  const scope = Object.isFrozen(record.scope) ? record.scope : Object.freeze(record.scope.slice());
  // Two literals rather than a spread: one fixed object shape per case keeps this path cheap.
  const session: Session =
    record.deviceId === undefined
      ? {
          id: record.id,
          did: record.did,
          createdAt: new Date(record.createdAt),
          expiresAt: new Date(record.expiresAt),
          lastActivity: new Date(record.lastActivity),
          ipAddress: record.ipAddress,
          userAgent: record.userAgent,
          scope,
        }
      : {
          id: record.id,
          did: record.did,
          createdAt: new Date(record.createdAt),
          expiresAt: new Date(record.expiresAt),
          lastActivity: new Date(record.lastActivity),
          ipAddress: record.ipAddress,
          userAgent: record.userAgent,
          deviceId: record.deviceId,
          scope,
        };
  return Object.freeze(session);
}
