import type { Session } from '@coatcheck/core';

/** Per-request values the middleware hands to the routes. */
export interface AppEnv {
  Variables: {
    /** The browser reached the app over HTTPS (directly or through a trusted proxy). */
    https: boolean;
    /** The live session named by the cookie, or `null`. */
    session: Session | null;
    /** The cookie named a session that no longer works (it was cleared). */
    sessionEnded: boolean;
  };
}
