import { CoatcheckError, type ValidatedSession } from '@coatcheck/core';
import type { ResolvedCookie, SessionPolicy } from '@coatcheck/http';
import type { Context } from 'hono';

/** What the middleware knows of one request, for the helpers that sign in and out. */
export interface RequestState {
  readonly policy: SessionPolicy;
  readonly cookie: ResolvedCookie;
  readonly clientIp: (c: Context) => string | undefined;
  /** The `Set-Cookie` value to add to the response once the handler is done, if any. */
  setCookie: string | undefined;
}

// Keyed by the Context so that nothing internal shows up in `c.var`.
const states = new WeakMap<Context, RequestState>();

export function attachState(c: Context, state: RequestState): void {
  states.set(c, state);
}

export function stateOf(c: Context): RequestState {
  const state = states.get(c);
  if (!state) {
    throw new CoatcheckError('@coatcheck/hono: sessionMiddleware() does not run for this route');
  }
  return state;
}

/** The session as the routes see it: never with its token, which lives in the cookie only. */
export function withoutToken(session: ValidatedSession & { token?: string }): ValidatedSession {
  const { token: _token, ...rest } = session;
  return rest;
}
