/**
 * A decentralized identifier in AT Protocol syntax, such as `did:plc:ewvi7nxzyoun6zhxrhs64oiz`
 * or `did:web:example.com`.
 *
 * @remarks
 * A literal such as `'did:plc:abc123'` is a `Did` as written. A value typed `string` (from a
 * database, a JWT `sub` claim, an OAuth callback) is not, and TypeScript reports
 * "Argument of type 'string' is not assignable to parameter of type
 * '`did:${string}:${string}`'": pass it through {@link parseDid}, which checks the AT Protocol
 * syntax and throws `InvalidArgumentError` (field `did`) otherwise, or test it with
 * {@link isDid}. A cast (`as Did`) compiles, but the manager still refuses a malformed DID
 * at run time.
 *
 * @example
 * ```ts
 * import { parseDid } from '@coatcheck/core';
 * const did = parseDid(user.did); // a plain string becomes a checked Did
 * ```
 */
export type Did = `did:${string}:${string}`;

/** What the caller knows about the client when a session is created. */
export interface SessionMetadata {
  /** The client's IP address, at most 64 characters. */
  readonly ipAddress: string;
  /** The client's `User-Agent`; longer than 1024 characters is cut to 1024. */
  readonly userAgent: string;
  /** A stable device identifier chosen by the application, at most 256 characters. */
  readonly deviceId?: string | undefined;
  /** Granted scopes: at most 64 strings of at most 256 characters each. */
  readonly scope?: readonly string[] | undefined;
}

/** A session as the manager returns it. Every instance is a fresh, frozen object. */
export interface Session {
  /**
   * The session's public id: a UUID v4 string whose first 48 bits locate its user. Lists,
   * "your devices" pages, forms and logs (as a fingerprint) may show it; knowing it proves
   * nothing. The bearer credential is {@link IssuedSession.token}.
   */
  readonly id: string;
  /** The user the session belongs to. */
  readonly did: Did;
  /** When the session was created. */
  readonly createdAt: Date;
  /** When the session expires unless it is used again (sliding), or its absolute cap. */
  readonly expiresAt: Date;
  /** The last time the session was refreshed by a read or an update. */
  readonly lastActivity: Date;
  /** IP address given at creation. */
  readonly ipAddress: string;
  /** User agent given at creation (at most 1024 characters). */
  readonly userAgent: string;
  /** Device identifier given at creation, if any. */
  readonly deviceId?: string;
  /** Granted scopes; empty when none were given. */
  readonly scope: readonly string[];
  /** `true` only in `listSessions(did, { includeRevoked: true })`, for a revoked record still kept. */
  readonly revoked?: boolean;
}

/**
 * A session just created or rotated, with the bearer token its client presents from now on.
 * Only `createSession` and `rotateSession` return one; nothing else ever holds the token.
 */
export interface IssuedSession extends Session {
  /**
   * The bearer credential: the session id, a dot and a 192-bit secret (69 cookie- and
   * URL-safe characters). Put it in the cookie or `Authorization` header; storage keeps only
   * a hash of the secret, so it cannot be recovered later.
   */
  readonly token: string;
}

/** A session as `getSession` found it. */
export interface ValidatedSession extends Session {
  /**
   * `true` when this read slid the expiry: send the cookie again with the new `expiresAt`.
   */
  readonly fresh: boolean;
}

/** Options of {@link ISessionManager.revokeSession}. */
export interface RevokeSessionOptions {
  /** Revoke only when the session belongs to this user; another user's session is left alone. */
  readonly did?: Did | undefined;
}

/** Options of {@link ISessionManager.listSessions}. */
export interface ListSessionsOptions {
  /** Also return revoked sessions still kept for audit, marked `revoked: true`. */
  readonly includeRevoked?: boolean | undefined;
}

/** Fields `updateSession` may change. */
export interface SessionUpdate {
  /** New last-activity time. */
  readonly lastActivity?: Date;
  /** New expiry; capped at `createdAt + absoluteExpirationSeconds` when that is configured. */
  readonly expiresAt?: Date;
  /** Replacement scope list (same limits as at creation). */
  readonly scope?: readonly string[];
}

/** The public session API, implemented by {@link SessionManager}. */
export interface ISessionManager {
  /** Creates a session, evicting the user's oldest beyond the limit in the same atomic step. */
  createSession(did: Did, metadata: SessionMetadata): Promise<IssuedSession>;
  /** The live session a token names, or `null`; slides its expiry. */
  getSession(token: string): Promise<ValidatedSession | null>;
  /** Changes a live session; throws `SessionRevokedError` when it is not live. */
  updateSession(sessionId: string, updates: SessionUpdate): Promise<void>;
  /** Revokes one session; idempotent, a no-op for unknown ids (and, with `did`, other users'). */
  revokeSession(sessionId: string, options?: RevokeSessionOptions): Promise<void>;
  /** Revokes every session of a user in one atomic step. */
  revokeAllSessions(did: Did): Promise<void>;
  /** The user's live sessions, newest first (with `includeRevoked`, also the revoked ones kept). */
  listSessions(did: Did, options?: ListSessionsOptions): Promise<readonly Session[]>;
  /** Whether a JWT id is blacklisted. */
  isTokenRevoked(jti: string): Promise<boolean>;
  /** Blacklists a JWT id until `expiresAt`. */
  revokeToken(jti: string, expiresAt: Date): Promise<void>;
  /** The same session under a new id and token; the old id is revoked in the same atomic step. */
  rotateSession(sessionId: string): Promise<IssuedSession>;
  /** Revokes every session of the user but `keepSessionId`, atomically. */
  revokeOtherSessions(did: Did, keepSessionId: string): Promise<void>;
}

/** Tuning for a {@link SessionManager}; every field is optional. */
export interface SessionManagerConfig {
  /**
   * Idle timeout in seconds. Each refresh moves `expiresAt` to now plus this.
   * @defaultValue 2592000 (30 days)
   */
  readonly sessionExpirationSeconds?: number;
  /**
   * Most live sessions one user may hold; creating one more revokes the oldest.
   * @defaultValue 10
   */
  readonly maxSessionsPerUser?: number;
  /**
   * Least time in seconds between two sliding refreshes of one session; 0 refreshes on every
   * read. Must be below `sessionExpirationSeconds`.
   * @defaultValue `min(60, floor(sessionExpirationSeconds / 2))`
   */
  readonly touchIntervalSeconds?: number;
  /**
   * Hard cap in seconds from `createdAt`, which sliding never extends past.
   * @defaultValue none
   */
  readonly absoluteExpirationSeconds?: number;
  /**
   * How long a revoked session record is kept (for audit, and for
   * `listSessions(did, { includeRevoked: true })`) before it is deleted; 0 deletes at once.
   * @defaultValue 86400 (one day)
   */
  readonly revokedRetentionSeconds?: number;
}

/** Structured logger; `console` fits, as do pino and winston child loggers. */
export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** Why a session ended, as reported to {@link SessionHooks.onSessionRevoked}. */
export type RevocationReason = 'revoked' | 'revoked-all' | 'evicted' | 'rotated' | 'others-revoked';

/** The event passed to {@link SessionHooks.onSessionRevoked}. */
export interface SessionRevokedEvent {
  /** The public id of the session that stopped working (never its token). */
  readonly sessionId: string;
  /** The user who held it. */
  readonly did: Did;
  /** What ended it. */
  readonly reason: RevocationReason;
}

/**
 * Audit hooks, called after the storage step succeeded. They are awaited, so an audit write
 * completes before the operation resolves; a hook that throws or rejects is logged at error
 * level and never fails the operation.
 */
export interface SessionHooks {
  /** A session was created (the hook sees the session, never its token). */
  onSessionCreated?(session: Session): void | Promise<void>;
  /** A session stopped working, with the reason. */
  onSessionRevoked?(event: SessionRevokedEvent): void | Promise<void>;
}
