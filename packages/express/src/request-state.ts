import type { IssuedSession, ValidatedSession } from '@coatcheck/core';
import {
  type ResolvedCookie,
  requestStates,
  type SessionPolicy,
  sessionCookieHeader,
  setsCookie,
} from '@coatcheck/http';
import type { Request, Response } from 'express';

/** What the middleware knows of one request, for the helpers that sign in and out. */
export interface RequestState {
  readonly policy: SessionPolicy;
  readonly cookie: ResolvedCookie;
  /** The request's cookie named no live session. */
  readonly ended: boolean;
}

const states = requestStates<Request, RequestState>('@coatcheck/express');

export const attachState: (req: Request, state: RequestState) => void = states.attach;
export const stateOf: (req: Request) => RequestState = states.of;

/**
 * Sets the session cookie on the response, replacing one set earlier for the same request (a
 * slid cookie the middleware sent, then a sign-out): the browser must get one answer.
 */
export function putSessionCookie(res: Response, cookie: ResolvedCookie, value: string): void {
  const current = res.getHeader('set-cookie');
  const list = current === undefined ? [] : Array.isArray(current) ? current : [String(current)];
  res.setHeader('set-cookie', [...list.filter((entry) => !setsCookie(entry, cookie.name)), value]);
  // A response that sets a session token must never be stored by a shared cache.
  if (!res.hasHeader('cache-control')) res.setHeader('cache-control', 'no-store');
}

/** Sets the cookie of a new session and shows the session, without its token, on `req`. */
export function issue(req: Request, res: Response, issued: IssuedSession): void {
  const { cookie } = stateOf(req);
  putSessionCookie(res, cookie, sessionCookieHeader(cookie, issued.token, issued.expiresAt));
  const { token: _token, ...session } = issued;
  req.session = { ...session, fresh: true } satisfies ValidatedSession;
}
