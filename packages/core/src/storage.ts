import type { Did, Logger } from './types.js';

/**
 * A session as adapters store it, less the secret's hash (which adapters keep beside it and
 * never return). Times are absolute, in milliseconds since the Unix epoch. Adapters return
 * only live records (never a revoked one, never one whose `expiresAt` is at or before the
 * operation's `now`), except `list` with `includeRevoked`.
 */
export interface SessionRecord {
  /** The session id (UUID v4 form; its first 4 hex digits are the user's bucket). */
  readonly id: string;
  /** The owner. */
  readonly did: Did;
  /** Creation time, ms since the epoch. */
  readonly createdAt: number;
  /** Expiry, ms since the epoch; the record is dead at and after this instant. */
  readonly expiresAt: number;
  /** Last refresh, ms since the epoch. */
  readonly lastActivity: number;
  /** Client IP at creation. */
  readonly ipAddress: string;
  /** User agent at creation, already cut to 1024 characters. */
  readonly userAgent: string;
  /** Device id, absent when none was given. */
  readonly deviceId?: string;
  /** Granted scopes, possibly empty. */
  readonly scope: readonly string[];
  /** `true` for a revoked record kept for audit; only `list` with `includeRevoked` returns one. */
  readonly revoked?: boolean;
}

/** What {@link SessionStorage.get} found. */
export interface TouchResult {
  /** The record as stored after the step. */
  readonly record: SessionRecord;
  /** Whether this step slid the record (`lastActivity` set to `now`, expiry moved on). */
  readonly fresh: boolean;
}

/** What a backend can promise; the conformance suite reads it to pick its checks. */
export interface StorageCapabilities {
  /**
   * Every method is one atomic step: concurrent calls behave as if run one after another.
   * `false` means best effort (keyv): sequential behaviour is exact, races are bounded.
   */
  readonly atomic: boolean;
}

/** Passed to every storage call. */
export interface OperationContext {
  /** The manager's clock, in ms since the epoch. Adapters never read a clock of their own. */
  readonly now: number;
  /** Where to report a stored record that cannot be decoded (it then reads as absent). */
  readonly logger: Logger;
}

/** How a touch moves expiry; all durations in milliseconds. */
export interface ExpiryPolicy {
  /** Idle timeout: a refresh sets `expiresAt = now + idleMs` (before the cap). */
  readonly idleMs: number;
  /** Cap from `createdAt`: `expiresAt` never passes `createdAt + absoluteMs`. `0` = no cap. */
  readonly absoluteMs: number;
  /** A read refreshes only when `now - lastActivity >= touchIntervalMs`; `0` = every read. */
  readonly touchIntervalMs: number;
}

/** Options of {@link SessionStorage.create}. */
export interface CreateOptions extends OperationContext {
  /** After the insert the user holds at most this many live sessions (oldest `createdAt` go). */
  readonly maxSessions: number;
  /** How long an evicted record is kept, revoked, in ms. */
  readonly retentionMs: number;
}

/** Options of the revoking calls. */
export interface RevokeOptions extends OperationContext {
  /** How long a revoked record is kept, in ms, before it is deleted; `0` deletes it at once. */
  readonly retentionMs: number;
  /**
   * A fresh random id of this step (16 base64url characters). A storage whose client may send
   * the same step twice (a re-send after a lost reply) records it with what it revoked, so
   * that a second run resolves with the first run's outcome instead of "nothing to revoke".
   * Storages without re-sends may ignore it.
   */
  readonly operationId: string;
}

/** Options of {@link SessionStorage.revoke}. */
export interface RevokeOneOptions extends RevokeOptions {
  /** When set, revoke only a session of this user; another user's is left alone. */
  readonly did?: Did | undefined;
}

/** Options of {@link SessionStorage.list}. */
export interface ListOptions extends OperationContext {
  /** Also return revoked records still kept, marked `revoked: true`, in the same order. */
  readonly includeRevoked: boolean;
}

/** Options of {@link SessionStorage.get} and {@link SessionStorage.rotate}. */
export interface TouchOptions extends OperationContext {
  /** How a refresh moves expiry, and the absolute cap. */
  readonly expiry: ExpiryPolicy;
}

/** Options of {@link SessionStorage.rotate}. */
export interface RotateOptions extends TouchOptions {
  /** How long the old, revoked record is kept, in ms. */
  readonly retentionMs: number;
}

/** Fields {@link SessionStorage.update} may change (ms since the epoch). */
export interface SessionPatch {
  /** New last-activity time. */
  readonly lastActivity?: number;
  /** New expiry. Capped by the storage at `createdAt + absoluteMs` when `absoluteMs > 0`. */
  readonly expiresAt?: number;
  /** Replacement scope list. */
  readonly scope?: readonly string[];
}

/**
 * The adapter interface. Each method is one step of the backend, atomic where
 * `capabilities.atomic` is true, and every key it writes expires on its own (no record
 * outlives its `expiresAt`, or its retention once revoked; a user's index outlives none of
 * its live members). Failures of the backend reject with `StorageError`.
 *
 * Ids reach the storage already validated by the manager: well-formed session ids, valid
 * DIDs, bounded strings. A session id's first 48 bits are its user's bucket (`didBucket`);
 * two users may share a bucket, so a storage tells users apart by the DID a record holds.
 *
 * Secrets never reach the storage, only `secretHash` (22 base64url characters: SHA-256 cut to
 * 128 bits). A storage keeps the hash with the record and compares it before a read counts
 * or slides anything; it never returns, logs or indexes it.
 */
export interface SessionStorage {
  /** Short adapter name used in error messages, such as `ioredis`. */
  readonly name: string;
  /** What the backend can promise. */
  readonly capabilities: StorageCapabilities;

  /**
   * Stores a new live record, adds it to its user's index and, when the user then holds more
   * than `maxSessions` live sessions, revokes the oldest by `createdAt` (ties: smaller id
   * first) until exactly `maxSessions` remain — never the record being created, which is the
   * newest even when another shares its millisecond. Resolves with the evicted ids, oldest
   * first. A storage whose step may run twice (a client re-sending after a lost reply)
   * resolves the second run with the first run's outcome.
   */
  create(
    record: SessionRecord,
    secretHash: string,
    options: CreateOptions,
  ): Promise<{ readonly evicted: readonly string[] }>;

  /**
   * Reads a live record whose stored secret hash equals `secretHash`, sliding it first when
   * `now - lastActivity >= touchIntervalMs` (`lastActivity = now`,
   * `expiresAt = min(now + idleMs, createdAt + absoluteMs)`). Resolves with the record as
   * stored after the step, or `null` (writing nothing) when the id is unknown, expired,
   * revoked or undecodable, or the hash differs.
   */
  get(id: string, secretHash: string, options: TouchOptions): Promise<TouchResult | null>;

  /**
   * Applies `patch` to a live record. Resolves `false` (writing nothing) when the record is
   * missing, expired or revoked: a concurrent revoke is never undone.
   */
  update(id: string, patch: SessionPatch, options: TouchOptions): Promise<boolean>;

  /**
   * Marks a live record revoked, keeps it `retentionMs` (deletes it when that is 0), and
   * removes it from its index. With `options.did`, a record of another user is left alone.
   * Resolves with the owner, or `null` when there was nothing live to revoke.
   */
  revoke(id: string, options: RevokeOneOptions): Promise<{ readonly did: Did } | null>;

  /** Revokes every live session of `did`; resolves with the revoked ids. */
  revokeAll(did: Did, options: RevokeOptions): Promise<readonly string[]>;

  /**
   * Revokes every live session of `did` but `keepId`. Resolves `null`, revoking nothing, when
   * `keepId` is not a live session of `did`; otherwise with the revoked ids.
   */
  revokeOthers(did: Did, keepId: string, options: RevokeOptions): Promise<readonly string[] | null>;

  /**
   * Moves a live session to `newId` (same bucket, chosen by the manager) with the secret hash
   * `newSecretHash`: the new record keeps every field but `id`, `lastActivity = now` and
   * `expiresAt` refreshed as by a touch; the old record is revoked and kept `retentionMs`; the
   * index holds the new id instead of the old. Resolves with the new record, or `null`
   * (writing nothing) when `id` is not live. A re-run of the same step resolves with the same
   * new record.
   */
  rotate(
    id: string,
    newId: string,
    newSecretHash: string,
    options: RotateOptions,
  ): Promise<SessionRecord | null>;

  /**
   * The user's live sessions, newest `createdAt` first (ties: greater id first); with
   * `includeRevoked`, the revoked records still kept too, marked `revoked: true`. Entries of
   * expired sessions are dropped on the way.
   */
  list(did: Did, options: ListOptions): Promise<readonly SessionRecord[]>;

  /** Blacklists `jti` until `expiresAt` (ms; the manager never passes a time at or before now). */
  revokeToken(jti: string, expiresAt: number, options: OperationContext): Promise<void>;

  /** Whether `jti` is blacklisted and its entry has not expired. */
  isTokenRevoked(jti: string, options: OperationContext): Promise<boolean>;
}
