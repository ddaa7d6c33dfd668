import { type SessionManager, StorageError } from '@coatcheck/core';
import { sessionEnded, sessionMiddleware, signIn, signOut } from '@coatcheck/hono';
import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { type Account, authenticate, DEMO_ACCOUNTS } from './accounts.js';
import { registerDeviceRoutes } from './device-routes.js';
import { clientIp, publicOrigin } from './request-info.js';
import { AppSecrets } from './secrets.js';
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
  /** Key material (at least 32 characters) for the demo JWTs. */
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
}

/**
 * The example app: the same Hono app serves Node (`node.ts`) and edge runtimes (`edge-worker.ts`);
 * only the storage and how the client IP is found differ.
 */
export function createApp(options: AppOptions): Hono {
  const { sessions, backend } = options;
  const trustProxy = options.trustProxy ?? false;
  const accounts = options.accounts ?? DEMO_ACCOUNTS;
  const hints = options.passwordHints ?? {};
  const ctx: AppContext = {
    sessions,
    backend,
    secrets: new AppSecrets(options.secret),
    accounts,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 300,
    accountOf: (did) => accounts.find((account) => account.did === did),
  };

  const app = new Hono();

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
  app.use('*', async (c, next) => {
    c.header('cache-control', 'no-store');
    await next();
  });
  // The cookie, its refresh and clearing, cross-site refusal and the 503 on a storage outage.
  app.use(
    '*',
    sessionMiddleware({
      sessions,
      clientIp: (c) => clientIp(c, trustProxy, options.connectionIp),
      publicOrigin: (c) => publicOrigin(c.req.raw, trustProxy),
    }),
  );

  app.get('/', (c) => c.redirect(c.get('session') ? '/devices' : '/sign-in', 303));

  app.get('/sign-in', (c) => {
    if (c.get('session')) return c.redirect('/devices', 303);
    const noticeCode = sessionEnded(c) ? 'ended' : c.req.query('notice');
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
    // A new session at every sign-in (OWASP's defence against session fixation); the one this
    // browser held before, if any, ends.
    await signIn(c, account.did, { scope: account.scope });
    return c.redirect('/devices?notice=welcome', 303);
  });

  app.post('/sign-out', async (c) => {
    await signOut(c);
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

  app.onError((error, c: Context) => {
    if (error instanceof HTTPException) return error.getResponse();
    // StorageError messages name the adapter and operation, never a session id; the session
    // middleware turns them into its 503 after this handler.
    console.error(`error: ${error instanceof StorageError ? error.message : error.name}`);
    return c.html(
      layout(
        { title: 'Error', backend },
        html`<h1>Sorry</h1><p class="notice error">Something went wrong.</p>`,
      ),
      500,
    );
  });

  return app;
}
