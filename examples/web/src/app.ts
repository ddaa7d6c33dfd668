import { type SessionManager, StorageError } from '@coatcheck/core';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { type Account, authenticate, DEMO_ACCOUNTS } from './accounts.js';
import type { AppEnv } from './app-env.js';
import { registerDeviceRoutes } from './device-routes.js';
import { forbidden } from './guard.js';
import { clientIp, isHttps, publicOrigin } from './request-info.js';
import { AppSecrets } from './secrets.js';
import { sessionCookieName, sessionCookieOptions } from './session-cookie.js';
import { STYLESHEET } from './style.js';
import { registerTokenRoutes } from './token-routes.js';
import { layout } from './views/layout.js';
import { signInPage } from './views/sign-in-page.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The session manager, over whichever storage the entry picked. */
  readonly sessions: SessionManager;
  /** The storage backend's name, shown in the footer. */
  readonly backend: string;
  /** Key material (at least 32 characters) for CSRF tokens, device handles and JWTs. */
  readonly secret: string;
  /** @defaultValue {@link DEMO_ACCOUNTS} */
  readonly accounts?: readonly Account[];
  /** Credentials to print on the sign-in page. @defaultValue none */
  readonly passwordHints?: Readonly<Record<string, string>>;
  /**
   * Believe `X-Forwarded-Proto`, `X-Forwarded-Host` and `X-Forwarded-For`. Only behind a proxy
   * that sets them, or any client could claim any IP address.
   * @defaultValue false
   */
  readonly trustProxy?: boolean;
  /** The peer address of the connection, as the runtime reports it. */
  readonly connectionIp?: (c: Context) => string | undefined;
  /** Lifetime of the demo JWTs. @defaultValue 300 */
  readonly tokenTtlSeconds?: number;
}

/** What the route files share. */
export interface AppContext {
  readonly sessions: SessionManager;
  readonly backend: string;
  readonly secrets: AppSecrets;
  readonly accounts: readonly Account[];
  readonly tokenTtlSeconds: number;
  /** The account of a DID, or `undefined` when it is not one of ours. */
  accountOf(did: string): Account | undefined;
  /** Drops the session cookie (expired, revoked, or signed out). */
  clearCookie(c: Context<AppEnv>): void;
}

/**
 * The example app: the same Hono app serves Node (`node.ts`) and edge runtimes (`edge-worker.ts`);
 * only the storage and how the client IP is found differ.
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const { sessions, backend } = options;
  const trustProxy = options.trustProxy ?? false;
  const accounts = options.accounts ?? DEMO_ACCOUNTS;
  const hints = options.passwordHints ?? {};
  const config = sessions.config;
  const cookieMaxAge = config.absoluteExpirationSeconds || config.sessionExpirationSeconds;
  const ctx: AppContext = {
    sessions,
    backend,
    secrets: new AppSecrets(options.secret),
    accounts,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 300,
    accountOf: (did) => accounts.find((account) => account.did === did),
    clearCookie(c) {
      const https = c.get('https');
      deleteCookie(c, sessionCookieName(https), sessionCookieOptions(https, 0));
    },
  };

  const app = new Hono<AppEnv>();

  app.get('/style.css', (c) =>
    c.body(STYLESHEET, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=300',
    }),
  );

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );
  // Rejects state-changing requests whose Origin (or Sec-Fetch-Site) is not this site; the
  // signed-in forms carry a session-bound token on top of it.
  app.use('*', csrf({ origin: (origin, c) => origin === publicOrigin(c.req.raw, trustProxy) }));

  app.use('*', async (c, next) => {
    const https = isHttps(c.req.raw, trustProxy);
    c.set('https', https);
    c.header('cache-control', 'no-store');
    // Only the cookie name for this scheme is read: over HTTPS a bare-named cookie could have
    // been planted by a subdomain or a plain-HTTP response.
    const id = getCookie(c, sessionCookieName(https));
    let session = id === undefined ? null : await sessions.getSession(id);
    if (session && !ctx.accountOf(session.did)) session = null;
    c.set('session', session);
    c.set('sessionEnded', id !== undefined && session === null);
    if (id !== undefined && session === null) ctx.clearCookie(c);
    await next();
  });

  app.get('/', (c) => c.redirect(c.get('session') ? '/devices' : '/sign-in', 303));

  app.get('/sign-in', (c) => {
    if (c.get('session')) return c.redirect('/devices', 303);
    const noticeCode = c.get('sessionEnded') ? 'ended' : c.req.query('notice');
    return c.html(signInPage({ backend, noticeCode, hints }));
  });

  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const username = typeof form.username === 'string' ? form.username.trim().slice(0, 64) : '';
    const password = typeof form.password === 'string' ? form.password.slice(0, 1024) : '';
    const account = await authenticate(accounts, username, password);
    if (!account) {
      return c.html(signInPage({ backend, noticeCode: 'bad-credentials', username, hints }), 401);
    }
    const current = c.get('session');
    let session = current;
    if (current && current.did !== account.did) {
      await sessions.revokeSession(current.id);
      session = null;
    }
    if (!session) {
      session = await sessions.createSession(account.did, {
        ipAddress: clientIp(c, trustProxy, options.connectionIp),
        userAgent: c.req.header('user-agent') ?? '',
        scope: account.scope,
      });
    }
    // A new id at every sign-in (OWASP's defence against session fixation): signing in again on
    // a device rotates its session, keeping its place in "Your devices".
    const rotated = await sessions.rotateSession(session.id);
    const https = c.get('https');
    setCookie(c, sessionCookieName(https), rotated.id, sessionCookieOptions(https, cookieMaxAge));
    return c.redirect('/devices?notice=welcome', 303);
  });

  app.post('/sign-out', async (c) => {
    const session = c.get('session');
    if (session) {
      const form = await c.req.parseBody();
      if (!(await ctx.secrets.checkCsrfToken(session.id, form.csrf))) return forbidden(c, ctx);
      await sessions.revokeSession(session.id);
    }
    ctx.clearCookie(c);
    return c.redirect('/sign-in?notice=signed-out', 303);
  });

  registerDeviceRoutes(app, ctx);
  registerTokenRoutes(app, ctx);

  app.notFound((c) =>
    c.html(
      layout({ title: 'Not found', backend }, html`<h1>Not found</h1><p><a href="/">Home</a></p>`),
      404,
    ),
  );

  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    // StorageError messages name the adapter and operation, never a session id.
    console.error(`error: ${error instanceof StorageError ? error.message : error.name}`);
    const status = error instanceof StorageError ? 503 : 500;
    const text =
      status === 503
        ? 'Session storage is unavailable. Try again shortly.'
        : 'Something went wrong.';
    return c.html(
      layout({ title: 'Error', backend }, html`<h1>Sorry</h1><p class="notice error">${text}</p>`),
      status,
    );
  });

  return app;
}
