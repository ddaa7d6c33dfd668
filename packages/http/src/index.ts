export { readCookie, setsCookie } from './cookie-header.js';
export {
  clearedCookieHeader,
  cookiePolicy,
  DEFAULT_COOKIE_NAME,
  type ResolvedCookie,
  type SessionCookieOptions,
  sessionCookieHeader,
} from './cookie-policy.js';
export { type CsrfOptions, type CsrfSetting, csrfCheck, type RequestOrigin } from './csrf.js';
export {
  CROSS_SITE_MESSAGE,
  type SessionMiddlewareOptions,
  type SessionPolicy,
  STORAGE_UNAVAILABLE_MESSAGE,
  sessionPolicy,
} from './middleware-options.js';
export { type RequestStates, requestStates } from './request-states.js';
export {
  type CookieSession,
  endSessions,
  readSession,
  requestMetadata,
  type SignOutOptions,
  type SignOutScope,
  startSession,
} from './session-flow.js';
