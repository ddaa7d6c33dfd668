import { type ResolvedConfig, resolveConfig } from './config.js';
import {
  CoatcheckError,
  InvalidArgumentError,
  SessionRevokedError,
  StorageError,
} from './errors.js';
import { didBucket, generateSessionId, isSessionId, sessionIdBucket } from './ids.js';
import { fingerprint, silentLogger } from './logger.js';
import { assertMethods, assertStorage, HOOK_NAMES, LOGGER_METHODS } from './manager-options.js';
import { toIssuedSession, toSession, toValidatedSession } from './session-mapping.js';
import { capExpiry } from './session-rules.js';
import type {
  CreateOptions,
  ExpiryPolicy,
  SessionRecord,
  SessionStorage,
  TouchOptions,
  TouchResult,
} from './storage.js';
import {
  formatToken,
  generateOperationId,
  generateSecret,
  hashWellFormedSecret,
  parseToken,
} from './tokens.js';
import type {
  Did,
  ISessionManager,
  IssuedSession,
  ListSessionsOptions,
  Logger,
  RevocationReason,
  RevokeSessionOptions,
  Session,
  SessionHooks,
  SessionManagerConfig,
  SessionMetadata,
  SessionUpdate,
  ValidatedSession,
} from './types.js';
import {
  assertDate,
  assertDid,
  assertJti,
  assertSessionIdType,
  normalizeListOptions,
  normalizeMetadata,
  normalizeRevokeOptions,
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
 * // session.token goes into the cookie; session.id names the session in lists and forms
 * const again = await sessions.getSession(session.token); // slides the expiry
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
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('options', 'must be an object such as { storage }');
    }
    assertStorage(options.storage);
    if (options.logger !== undefined) assertMethods('logger', options.logger, LOGGER_METHODS);
    if (options.hooks !== undefined) assertMethods('hooks', options.hooks, [], HOOK_NAMES);
    if (options.now !== undefined && typeof options.now !== 'function') {
      throw new InvalidArgumentError('now', 'must be a function returning ms since the epoch');
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
   * @returns the new session with its `token` (the only time it is available: put it in the
   * cookie); `expiresAt` is `sessionExpirationSeconds` from now.
   * @throws InvalidArgumentError for a bad DID or metadata field.
   */
  async createSession(did: Did, metadata: SessionMetadata): Promise<IssuedSession> {
    assertDid(did);
    const meta = normalizeMetadata(metadata);
    const secret = generateSecret();
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
      ({ evicted } = await this.#storage.create(record, hashWellFormedSecret(secret), options));
    } catch (error) {
      throw this.#failed('create', error);
    }
    this.#logger.debug('coatcheck: session created', {
      session: fingerprint(record.id),
      evicted: evicted.length,
    });
    await this.#hook('onSessionCreated', toSession(record));
    for (const sessionId of evicted) await this.#revokedHook(sessionId, did, 'evicted');
    return toIssuedSession(record, formatToken(record.id, secret));
  }

  /**
   * Looks up the session a bearer token names, checks its secret, and slides its expiry: when
   * `lastActivity` is older than `touchIntervalSeconds`, the same storage step sets
   * `lastActivity` to now and `expiresAt` to now plus `sessionExpirationSeconds` (never past
   * the absolute cap), and the result has `fresh: true`.
   *
   * @param token - what the client presented: {@link IssuedSession.token}, never a bare id.
   * @returns the session, or `null` for an unknown, expired or revoked session and a wrong
   * secret (writing nothing), and for a string that is not a well-formed token (without a
   * storage call).
   * @throws InvalidArgumentError when `token` is not a string.
   */
  async getSession(token: string): Promise<ValidatedSession | null> {
    assertSessionIdType(token, 'token');
    const parsed = parseToken(token);
    if (parsed === null) return null;
    // The lookup behind every request: one object and one await between caller and storage.
    const options: TouchOptions = { now: this.#now(), logger: this.#logger, expiry: this.#expiry };
    let found: TouchResult | null;
    try {
      found = await this.#storage.get(parsed.id, hashWellFormedSecret(parsed.secret), options);
    } catch (error) {
      throw this.#failed('get', error);
    }
    return found ? toValidatedSession(found.record, found.fresh) : null;
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
   * (deleted at once when that is 0) and removed from its user's index. Unknown or malformed
   * ids are a no-op; it is idempotent.
   *
   * @param sessionId - the session's public id ({@link Session.id}).
   * @param options - `did`: revoke only when the session is this user's (for a "sign out this
   * device" form, where the id comes from the client); another user's session is left alone.
   * @throws InvalidArgumentError when `sessionId` is not a string or `options.did` is no DID.
   */
  async revokeSession(sessionId: string, options?: RevokeSessionOptions): Promise<void> {
    assertSessionIdType(sessionId);
    const { did } = normalizeRevokeOptions(options);
    if (!isSessionId(sessionId)) return;
    if (did !== undefined && sessionIdBucket(sessionId) !== didBucket(did)) return;
    const revoked = await this.#call('revoke', (ctx) =>
      this.#storage.revoke(sessionId, { ...ctx, ...this.#revoking(), did }),
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
      this.#storage.revokeAll(did, { ...ctx, ...this.#revoking() }),
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
      this.#storage.revokeOthers(did, keepSessionId, { ...ctx, ...this.#revoking() }),
    );
    if (ids === null) throw this.#revokedError(keepSessionId);
    for (const sessionId of ids) await this.#revokedHook(sessionId, did, 'others-revoked');
  }

  /**
   * Gives a live session a new id (after sign-in or a privilege change, against session
   * fixation). The old id is revoked in the same atomic step; the session keeps its user,
   * metadata, scope and `createdAt`, with a fresh `lastActivity`.
   *
   * @returns the session under its new id, with its new `token` (send the cookie again).
   * @throws SessionRevokedError when the session is missing, expired or revoked.
   * @throws InvalidArgumentError when `sessionId` is not a string.
   */
  async rotateSession(sessionId: string): Promise<IssuedSession> {
    assertSessionIdType(sessionId);
    if (!isSessionId(sessionId)) throw this.#revokedError(sessionId);
    const newId = generateSessionId(sessionIdBucket(sessionId));
    const secret = generateSecret();
    const record = await this.#call('rotate', (ctx) =>
      this.#storage.rotate(sessionId, newId, hashWellFormedSecret(secret), {
        ...ctx,
        expiry: this.#expiry,
        retentionMs: this.#retentionMs(),
      }),
    );
    if (!record) throw this.#revokedError(sessionId);
    await this.#revokedHook(sessionId, record.did, 'rotated');
    return toIssuedSession(record, formatToken(record.id, secret));
  }

  /**
   * The user's live sessions, newest `createdAt` first, each with its public id and never a
   * token. Index entries of expired sessions are pruned in the same step. Listing does not
   * slide any session.
   *
   * @param options - `includeRevoked`: also the revoked sessions still kept for audit
   * (`revokedRetentionSeconds`), marked `revoked: true`, in the same order.
   * @throws InvalidArgumentError for a bad DID or options.
   */
  async listSessions(did: Did, options?: ListSessionsOptions): Promise<readonly Session[]> {
    assertDid(did);
    const { includeRevoked } = normalizeListOptions(options);
    const records = await this.#call('list', (ctx) =>
      this.#storage.list(did, { ...ctx, includeRevoked }),
    );
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
    return capExpiry(createdAt, now + this.#expiry.idleMs, this.#expiry);
  }

  #retentionMs(): number {
    return this.config.revokedRetentionSeconds * 1000;
  }

  /** Options of a revoking step: retention, and a fresh id by which a re-run knows itself. */
  #revoking(): { retentionMs: number; operationId: string } {
    return { retentionMs: this.#retentionMs(), operationId: generateOperationId() };
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
