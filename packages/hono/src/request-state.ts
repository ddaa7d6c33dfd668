import type { ValidatedSession } from '@coatcheck/core';
import { type ResolvedCookie, requestStates, type SessionPolicy } from '@coatcheck/http';
import type { Context } from 'hono';

/** What the middleware knows of one request, for the helpers that sign in and out. */
export interface RequestState {
  readonly policy: SessionPolicy;
  readonly cookie: ResolvedCookie;
  readonly clientIp: (c: Context) => string | undefined;
  /** The request's cookie named no live session. */
  readonly ended: boolean;
  /** The `Set-Cookie` value to add to the response once the handler is done, if any. */
  setCookie: string | undefined;
}

const states = requestStates<Context, RequestState>('@coatcheck/hono');

export const attachState = states.attach;
export const stateOf = states.of;

/** The session as the routes see it: never with its token, which lives in the cookie only. */
export function withoutToken(session: ValidatedSession & { token?: string }): ValidatedSession {
  const { token: _token, ...rest } = session;
  return rest;
}
