import type { Did, IssuedSession, SessionMetadata } from '@coatcheck/core';
import {
  clearedCookieHeader,
  endSessions,
  requestMetadata,
  type SignOutOptions,
  sessionCookieHeader,
  startSession,
} from '@coatcheck/http';
import type { Context } from 'hono';
import { type RequestState, stateOf, withoutToken } from './request-state.js';

/**
 * Signs `did` in on this device: ends the session the request already holds (if any), creates
 * a new one and sets its cookie. The metadata defaults to the request's client IP and
 * `User-Agent`; pass fields to override them or to add `deviceId` and `scope`.
 *
 * @returns the new session; its `token` is already in the cookie: never put it in a body.
 * @throws InvalidArgumentError for a malformed DID or metadata, before any storage call.
 * @example
 * ```ts
 * app.post('/sign-in', async (c) => {
 *   await signIn(c, 'did:plc:ewvi7nxzyoun6zhxrhs64oiz', { scope: ['read'] });
 *   return c.redirect('/devices', 303);
 * });
 * ```
 */
export async function signIn(
  c: Context,
  did: Did,
  metadata?: Partial<SessionMetadata>,
): Promise<IssuedSession> {
  const state = stateOf(c);
  const defaults = requestMetadata(state.clientIp(c), c.req.header('user-agent'), metadata);
  const issued = await startSession(state.policy.sessions, c.get('session'), did, defaults);
  issue(c, state, issued);
  return issued;
}

/**
 * Gives this request's session a new id and token and sets the new cookie; the old token stops
 * working. Call it when the session gains privileges (a second factor, a sudo prompt, a new
 * scope) so that a token seen before the change is worthless after it.
 *
 * @returns the new session, or `null` when the request has none.
 * @throws SessionRevokedError when the session was revoked meanwhile.
 */
export async function rotateSession(c: Context): Promise<IssuedSession | null> {
  const state = stateOf(c);
  const current = c.get('session');
  if (!current) return null;
  const issued = await state.policy.sessions.rotateSession(current.id);
  issue(c, state, issued);
  return issued;
}

/**
 * Signs out: `'device'` (the default) ends this session and clears its cookie, `'others'` ends
 * the user's other sessions and keeps this one, `'everywhere'` ends them all and clears the
 * cookie. Without a session it only clears a leftover cookie.
 *
 * @throws InvalidArgumentError for an unknown scope, before any storage call.
 */
export async function signOut(c: Context, options?: SignOutOptions): Promise<void> {
  const state = stateOf(c);
  const clear = await endSessions(state.policy.sessions, c.get('session'), options);
  if (clear) {
    state.setCookie = clearedCookieHeader(state.cookie);
    c.set('session', null);
  }
}

function issue(c: Context, state: RequestState, issued: IssuedSession): void {
  state.setCookie = sessionCookieHeader(state.cookie, issued.token, issued.expiresAt);
  c.set('session', withoutToken({ ...issued, fresh: true }));
}

/**
 * Whether the request carried a session cookie that names no live session (revoked, expired or
 * forged; the middleware clears it): the moment to say "your session has ended".
 */
export function sessionEnded(c: Context): boolean {
  return stateOf(c).ended;
}
