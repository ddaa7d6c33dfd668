import type { Did, IssuedSession, SessionMetadata } from '@coatcheck/core';
import {
  clearedCookieHeader,
  endSessions,
  requestMetadata,
  type SignOutOptions,
  startSession,
} from '@coatcheck/http';
import type { Request, Response } from 'express';
import { issue, putSessionCookie, stateOf } from './request-state.js';

/**
 * Signs `did` in on this device: ends the session the request already holds (if any), creates
 * a new one and sets its cookie. The metadata defaults to `req.ip` and the `User-Agent`; pass
 * fields to override them or to add `deviceId` and `scope`.
 *
 * @returns the new session; its `token` is already in the cookie: never put it in a body.
 * @throws InvalidArgumentError for a malformed DID or metadata, before any storage call.
 * @example
 * ```ts
 * app.post('/sign-in', async (req, res) => {
 *   await signIn(req, res, 'did:plc:ewvi7nxzyoun6zhxrhs64oiz', { scope: ['read'] });
 *   res.redirect(303, '/devices');
 * });
 * ```
 */
export async function signIn(
  req: Request,
  res: Response,
  did: Did,
  metadata?: Partial<SessionMetadata>,
): Promise<IssuedSession> {
  const { policy } = stateOf(req);
  const ip = req.ip ?? req.socket.remoteAddress;
  const defaults = requestMetadata(ip, req.get('user-agent'), metadata);
  const issued = await startSession(policy.sessions, req.session, did, defaults);
  issue(req, res, issued);
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
export async function rotateSession(req: Request, res: Response): Promise<IssuedSession | null> {
  const { policy } = stateOf(req);
  if (!req.session) return null;
  const issued = await policy.sessions.rotateSession(req.session.id);
  issue(req, res, issued);
  return issued;
}

/**
 * Signs out: `'device'` (the default) ends this session and clears its cookie, `'others'` ends
 * the user's other sessions and keeps this one, `'everywhere'` ends them all and clears the
 * cookie. Without a session it only clears a leftover cookie.
 *
 * @throws InvalidArgumentError for an unknown scope, before any storage call.
 */
export async function signOut(
  req: Request,
  res: Response,
  options?: SignOutOptions,
): Promise<void> {
  const { policy, cookie } = stateOf(req);
  if (await endSessions(policy.sessions, req.session, options)) {
    putSessionCookie(res, cookie, clearedCookieHeader(cookie));
    req.session = null;
  }
}

/**
 * Whether the request carried a session cookie that names no live session (revoked, expired or
 * forged; the middleware clears it): the moment to say "your session has ended".
 */
export function sessionEnded(req: Request): boolean {
  return stateOf(req).ended;
}
