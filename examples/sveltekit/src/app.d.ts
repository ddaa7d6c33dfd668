import type { ValidatedSession } from '@coatcheck/core';
import type { ResolvedCookie } from '@coatcheck/http';

declare global {
  namespace App {
    interface Locals {
      /** The live session named by the request's cookie, or `null` (set in hooks.server.ts). */
      session: ValidatedSession | null;
      /** The session cookie for this request's scheme. */
      cookie: ResolvedCookie;
    }
  }
}
