import type { ValidatedSession } from '@coatcheck/core';

/**
 * The variables `sessionMiddleware` sets, for apps that type their Hono `Env` explicitly:
 * `new Hono<SessionEnv>()`, or intersect it with the app's own `Env`.
 */
export interface SessionEnv {
  Variables: {
    /** The live session named by the request's cookie, or `null`. */
    session: ValidatedSession | null;
  };
}

declare module 'hono' {
  interface ContextVariableMap {
    /** The live session named by the request's cookie, or `null` (set by `sessionMiddleware`). */
    session: ValidatedSession | null;
  }
}
