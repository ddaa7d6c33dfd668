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
import type { Context, MiddlewareHandler } from 'hono';
import type { SessionEnv } from './env.js';
import { attachState, type RequestState } from './request-state.js';

/** Options of {@link sessionMiddleware}. */
export interface HonoSessionOptions extends SessionMiddlewareOptions {
  /**
   * The client IP recorded in a new session's metadata. Pass your adapter's `getConnInfo`
   * (`(c) => getConnInfo(c).remote.address`), or read a header your proxy sets.
   * @defaultValue the socket's peer address under `@hono/node-server`, else `''`
   */
  readonly clientIp?: (c: Context) => string | undefined;
  /**
   * The origin the browser sees (`https://app.example`): its scheme decides `Secure` and the
   * `__Host-` prefix, and the cross-site check compares `Origin` with it. Behind a proxy that
   * terminates TLS, derive it from the headers that proxy sets, and only then.
   * @defaultValue the request URL's origin
   */
  readonly publicOrigin?: (c: Context) => string;
}

/**
 * Hono middleware that puts coatcheck sessions behind a cookie. On every request it refuses a
 * cross-site state-changing request (403), reads the session cookie, validates its token and
 * sets `c.get('session')` (a `ValidatedSession` or `null`); it sends the cookie again only when
 * the read slid the session's expiry, and clears a cookie that names no live session. A
 * `StorageError`, here or in a route, becomes a 503 that keeps the cookie.
 *
 * @throws InvalidArgumentError naming the field when an option is malformed.
 * @example
 * ```ts
 * const app = new Hono();
 * app.use(sessionMiddleware({ sessions }));
 * app.get('/me', (c) => c.json({ did: c.get('session')?.did ?? null }));
 * ```
 */
export function sessionMiddleware(options: HonoSessionOptions): MiddlewareHandler<SessionEnv> {
  const policy = sessionPolicy(options);
  const clientIp = options.clientIp ?? nodePeerAddress;
  const publicOrigin = options.publicOrigin ?? ((c: Context) => new URL(c.req.url).origin);
  return async (c, next) => {
    const ownOrigin = publicOrigin(c);
    const refused = policy.isCrossSite({
      method: c.req.method,
      origin: c.req.header('origin'),
      secFetchSite: c.req.header('sec-fetch-site'),
      ownOrigin,
    });
    if (refused) return c.text(CROSS_SITE_MESSAGE, 403);

    const cookie = policy.cookieFor(ownOrigin.startsWith('https:'));
    const token = readCookie(c.req.header('cookie'), cookie.name);
    let found: Awaited<ReturnType<typeof readSession>>;
    try {
      found = await readSession(policy.sessions, token);
    } catch (error) {
      if (error instanceof StorageError) return unavailable(c);
      throw error;
    }
    const { session, stale } = found;
    const state: RequestState = {
      policy,
      cookie,
      clientIp,
      ended: stale,
      setCookie: stale
        ? clearedCookieHeader(cookie)
        : session?.fresh && token !== undefined
          ? sessionCookieHeader(cookie, token, session.expiresAt)
          : undefined,
    };
    attachState(c, state);
    c.set('session', session);

    await next();

    if (c.error instanceof StorageError) {
      c.res = unavailable(c);
      return;
    }
    if (state.setCookie !== undefined) {
      c.header('set-cookie', state.setCookie, { append: true });
      // A response that sets a session token must never be stored by a shared cache.
      if (!c.res.headers.has('cache-control')) c.header('cache-control', 'no-store');
    }
  };
}

function unavailable(c: Context): Response {
  return c.text(STORAGE_UNAVAILABLE_MESSAGE, 503, { 'retry-after': '5' });
}

/** `@hono/node-server` passes the Node request as `c.env.incoming`. */
function nodePeerAddress(c: Context): string | undefined {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined;
  const incoming = env.incoming as { socket?: { remoteAddress?: unknown } } | undefined;
  const address = incoming?.socket?.remoteAddress;
  return typeof address === 'string' ? address : undefined;
}
