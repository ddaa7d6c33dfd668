import './request-session.js';

export type {
  CsrfOptions,
  CsrfSetting,
  SessionCookieOptions,
  SessionMiddlewareOptions,
  SignOutOptions,
  SignOutScope,
} from '@coatcheck/http';
export { rotateSession, sessionEnded, signIn, signOut } from './session-helpers.js';
export { sessionErrorHandler, sessionMiddleware } from './session-middleware.js';
