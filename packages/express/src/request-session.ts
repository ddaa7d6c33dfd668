import type { ValidatedSession } from '@coatcheck/core';

declare global {
  // Express types its request through this global namespace; merging into it is how a
  // middleware adds a typed property.
  namespace Express {
    interface Request {
      /**
       * The live session named by the request's cookie, or `null` (set by coatcheck's
       * `sessionMiddleware`; never holds the token).
       */
      session: ValidatedSession | null;
    }
  }
}
