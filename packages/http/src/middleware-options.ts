import { InvalidArgumentError, type ISessionManager } from '@coatcheck/core';
import { cookiePolicy, type ResolvedCookie, type SessionCookieOptions } from './cookie-policy.js';
import { type CsrfSetting, csrfCheck, type RequestOrigin } from './csrf.js';

/** The options every framework's `sessionMiddleware` takes. */
export interface SessionMiddlewareOptions {
  /** The session manager (a `SessionManager` over any storage). */
  readonly sessions: ISessionManager;
  /** The cookie's name and scope; the security attributes are always set. */
  readonly cookie?: SessionCookieOptions;
  /**
   * Refuse cross-site state-changing requests with 403.
   * @defaultValue `true`
   */
  readonly csrf?: CsrfSetting;
}

/** The middleware options, checked once. */
export interface SessionPolicy {
  readonly sessions: ISessionManager;
  /** The session cookie for a request over HTTPS (`true`) or plain HTTP. */
  readonly cookieFor: (https: boolean) => ResolvedCookie;
  /** Whether a request must be refused as cross-site. */
  readonly isCrossSite: (request: RequestOrigin) => boolean;
}

/** The text of the 403 answer to a refused cross-site request. */
export const CROSS_SITE_MESSAGE = 'Cross-site request refused';

/** The text of the 503 answer when session storage fails; it names no session. */
export const STORAGE_UNAVAILABLE_MESSAGE = 'Session storage is unavailable, try again shortly';

/**
 * Checks the middleware options.
 *
 * @throws InvalidArgumentError naming the field when an option is missing or malformed.
 */
export function sessionPolicy(options: SessionMiddlewareOptions): SessionPolicy {
  const sessions = options?.sessions;
  if (typeof sessions?.getSession !== 'function' || typeof sessions.createSession !== 'function') {
    throw new InvalidArgumentError('sessions', 'must be a SessionManager');
  }
  return {
    sessions,
    cookieFor: cookiePolicy(options.cookie),
    isCrossSite: csrfCheck(options.csrf),
  };
}
