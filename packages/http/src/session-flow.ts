import {
  type Did,
  InvalidArgumentError,
  type ISessionManager,
  type IssuedSession,
  type SessionMetadata,
  type ValidatedSession,
} from '@coatcheck/core';

/** Which sessions `signOut` ends: this one, all the user's others, or all of them. */
export type SignOutScope = 'device' | 'others' | 'everywhere';

/** Options of `signOut`. */
export interface SignOutOptions {
  /**
   * `'device'` ends this request's session; `'others'` ends every other session of its user
   * and keeps this one; `'everywhere'` ends all of the user's sessions.
   * @defaultValue `'device'`
   */
  readonly scope?: SignOutScope;
}

/** What a request's cookie turned out to name. */
export interface CookieSession {
  /** The live session, or `null`. */
  readonly session: ValidatedSession | null;
  /** The request carried a cookie that names no live session: clear it. */
  readonly stale: boolean;
}

/**
 * Looks up the token of a request's cookie. A storage failure rejects (with `StorageError`):
 * the caller answers 503 and keeps the cookie, since an outage must not sign everyone out.
 */
export async function readSession(
  sessions: ISessionManager,
  token: string | undefined,
): Promise<CookieSession> {
  if (token === undefined || token === '') return { session: null, stale: token === '' };
  const session = await sessions.getSession(token);
  return { session, stale: session === null };
}

/**
 * Signs a user in on this device: ends the session the request already holds, if any, and
 * creates a new one. A fresh id at every sign-in defeats session fixation. The old session is
 * revoked first so that signing in again never evicts another device at the per-user limit.
 */
export async function startSession(
  sessions: ISessionManager,
  current: ValidatedSession | null,
  did: Did,
  metadata: SessionMetadata,
): Promise<IssuedSession> {
  if (current) await sessions.revokeSession(current.id, { did: current.did });
  return sessions.createSession(did, metadata);
}

/**
 * Ends the sessions a sign-out names and says whether this device's cookie must go (it stays
 * only for `'others'`).
 *
 * @throws InvalidArgumentError for an unknown scope, before any storage call.
 */
export async function endSessions(
  sessions: ISessionManager,
  current: ValidatedSession | null,
  options: SignOutOptions = {},
): Promise<boolean> {
  const scope = options.scope ?? 'device';
  if (scope !== 'device' && scope !== 'others' && scope !== 'everywhere') {
    throw new InvalidArgumentError('scope', "must be 'device', 'others' or 'everywhere'");
  }
  if (current) {
    if (scope === 'device') await sessions.revokeSession(current.id, { did: current.did });
    if (scope === 'others') await sessions.revokeOtherSessions(current.did, current.id);
    if (scope === 'everywhere') await sessions.revokeAllSessions(current.did);
  }
  return scope !== 'others';
}

/**
 * The metadata of a new session: what the request says (its client IP, cut to coatcheck's
 * 64-character limit, and its `User-Agent`), overridden by what the caller passed.
 */
export function requestMetadata(
  ipAddress: string | undefined,
  userAgent: string | undefined,
  overrides: Partial<SessionMetadata> = {},
): SessionMetadata {
  return { ipAddress: (ipAddress ?? '').slice(0, 64), userAgent: userAgent ?? '', ...overrides };
}
