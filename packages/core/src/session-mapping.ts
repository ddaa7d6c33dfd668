import type { SessionRecord } from './storage.js';
import type { IssuedSession, Session, ValidatedSession } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The public fields of a record, in `Session`'s key order. The secret's hash never leaves the
 * storage, so it cannot reach a caller, a hook or a list.
 */
function fields(record: SessionRecord): Mutable<Session> {
  // An adapter may keep (memory) or share (decoder caches) the scope it hands over; a frozen
  // array can be shared as it is, any other is copied so that callers never alias storage.
  const scope = Object.isFrozen(record.scope) ? record.scope : Object.freeze(record.scope.slice());
  // Two literals rather than a spread or a delete: one fixed object shape per case keeps the
  // per-request path cheap, and `deviceId` stays before `scope` as the type lists them.
  const session: Mutable<Session> =
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
  return session;
}

/** A fresh, frozen `Session` from a storage record (`revoked: true` only for a revoked one). */
export function toSession(record: SessionRecord): Session {
  const session = fields(record);
  if (record.revoked === true) session.revoked = true;
  return Object.freeze(session);
}

/** The session a create or rotate issued, with the token its client presents. */
export function toIssuedSession(record: SessionRecord, token: string): IssuedSession {
  const session: Mutable<IssuedSession> = { ...fields(record), token };
  return Object.freeze(session);
}

/** The session a read found, and whether the read slid it. */
export function toValidatedSession(record: SessionRecord, fresh: boolean): ValidatedSession {
  const session = fields(record) as Mutable<ValidatedSession>;
  session.fresh = fresh;
  return Object.freeze(session);
}
