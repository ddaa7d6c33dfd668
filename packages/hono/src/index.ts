export type {
  CsrfOptions,
  CsrfSetting,
  SessionCookieOptions,
  SignOutOptions,
  SignOutScope,
} from '@coatcheck/http';
export type { SessionEnv } from './env.js';
export { rotateSession, sessionEnded, signIn, signOut } from './session-helpers.js';
export { type HonoSessionOptions, sessionMiddleware } from './session-middleware.js';
