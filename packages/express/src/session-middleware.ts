import './request-session.js';
import { StorageError } from '@coatcheck/core';
import {
  CROSS_SITE_MESSAGE,
  clearedCookieHeader,
  readCookie,
  readSession,
  type SessionMiddlewareOptions,
  STORAGE_UNAVAILABLE_MESSAGE,
  sessionCookieHeader,
  sessionPolicy,
} from '@coatcheck/http';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { attachState, putSessionCookie } from './request-state.js';

/**
 * Express middleware that puts coatcheck sessions behind a cookie. On every request it refuses
 * a cross-site state-changing request (403), reads the session cookie, validates its token and
 * sets `req.session` (a `ValidatedSession` or `null`); it sends the cookie again only when the
 * read slid the session's expiry, and clears a cookie that names no live session. A failed
 * read (`StorageError`) answers 503 and keeps the cookie.
 *
 * The scheme (for `Secure` and the `__Host-` prefix) and the client IP are Express's own
 * `req.secure` and `req.ip`: behind a proxy, set Express's `trust proxy`.
 *
 * @throws InvalidArgumentError naming the field when an option is malformed.
 * @example
 * ```ts
 * const app = express();
 * app.use(sessionMiddleware({ sessions }));
 * app.get('/me', (req, res) => res.json({ did: req.session?.did ?? null }));
 * ```
 */
export function sessionMiddleware(options: SessionMiddlewareOptions): RequestHandler {
  const policy = sessionPolicy(options);
  return (req, res, next) => {
    const refused = policy.isCrossSite({
      method: req.method,
      origin: req.get('origin'),
      secFetchSite: req.get('sec-fetch-site'),
      ownOrigin: `${req.protocol}://${req.get('host') ?? ''}`,
    });
    if (refused) {
      res.status(403).type('text/plain').send(CROSS_SITE_MESSAGE);
      return;
    }
    const cookie = policy.cookieFor(req.secure);
    const token = readCookie(req.get('cookie'), cookie.name);
    readSession(policy.sessions, token).then(
      ({ session, stale }) => {
        attachState(req, { policy, cookie, ended: stale });
        req.session = session;
        if (stale) putSessionCookie(res, cookie, clearedCookieHeader(cookie));
        else if (session?.fresh && token !== undefined) {
          putSessionCookie(res, cookie, sessionCookieHeader(cookie, token, session.expiresAt));
        }
        next();
      },
      (error: unknown) => (error instanceof StorageError ? unavailable(res) : next(error)),
    );
  };
}

/**
 * Express error handler that answers a `StorageError` from any route (a failed `signIn` or
 * `signOut`, say) with 503, keeping the cookie; other errors go on to the next handler. Mount
 * it after the routes. Express 4 passes a rejected promise on only if the route hands it to
 * `next`; Express 5 does so by itself.
 *
 * @example
 * ```ts
 * app.use(sessionErrorHandler());
 * ```
 */
export function sessionErrorHandler(): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (!(error instanceof StorageError) || res.headersSent) return next(error);
    unavailable(res);
  };
}

function unavailable(res: Response): void {
  res.status(503).set('retry-after', '5').type('text/plain').send(STORAGE_UNAVAILABLE_MESSAGE);
}
