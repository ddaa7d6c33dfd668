import type { Hono } from 'hono';
import { sign, verify } from 'hono/jwt';
import { JwtTokenExpired } from 'hono/utils/jwt/types';
import type { AppContext } from './app.js';
import { formField, signedIn } from './guard.js';
import { type TokenStatus, type TokenView, tokenPage } from './views/token-page.js';

interface Checked {
  readonly status: Exclude<TokenStatus, 'issued' | 'now-revoked'>;
  readonly view?: TokenView;
  readonly did?: string;
}

/** The JWT demo: short-lived HS256 tokens whose `jti` can be blacklisted before they expire. */
export function registerTokenRoutes(app: Hono, ctx: AppContext): void {
  const { sessions, secrets, tokenTtlSeconds } = ctx;

  /** Signature and expiry first, then the blacklist: only a token we signed reaches storage. */
  async function check(token: string): Promise<Checked> {
    if (token === '' || token.length > 4096) return { status: 'invalid' };
    let payload: Awaited<ReturnType<typeof verify>>;
    try {
      payload = await verify(token, secrets.jwtSecret, 'HS256');
    } catch (error) {
      return { status: error instanceof JwtTokenExpired ? 'expired' : 'invalid' };
    }
    const { jti, exp, sub } = payload;
    if (typeof jti !== 'string' || typeof exp !== 'number' || typeof sub !== 'string') {
      return { status: 'invalid' };
    }
    const view: TokenView = { token, jti, expiresAt: new Date(exp * 1000) };
    const revoked = await sessions.isTokenRevoked(jti);
    return { status: revoked ? 'revoked' : 'valid', view, did: sub };
  }

  app.get('/token', async (c) => {
    const user = signedIn(c, ctx);
    if (user instanceof Response) return user;
    return c.html(
      tokenPage({
        backend: ctx.backend,
        account: user.account,
        ttlSeconds: tokenTtlSeconds,
      }),
    );
  });

  app.post('/token', async (c) => {
    const user = signedIn(c, ctx);
    if (user instanceof Response) return user;
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + tokenTtlSeconds;
    const jti = crypto.randomUUID();
    const token = await sign(
      { sub: user.account.did, scope: user.session.scope.join(' '), jti, iat, exp },
      secrets.jwtSecret,
      'HS256',
    );
    const page = {
      backend: ctx.backend,
      account: user.account,
      ttlSeconds: tokenTtlSeconds,
    };
    return c.html(
      tokenPage({
        ...page,
        status: 'issued',
        token: { token, jti, expiresAt: new Date(exp * 1000) },
      }),
    );
  });

  app.post('/token/check', async (c) => {
    const user = signedIn(c, ctx);
    if (user instanceof Response) return user;
    const result = await check(await formField(c, 'token'));
    const page = {
      backend: ctx.backend,
      account: user.account,
      ttlSeconds: tokenTtlSeconds,
    };
    return c.html(tokenPage({ ...page, status: result.status, token: result.view }));
  });

  app.post('/token/revoke', async (c) => {
    const user = signedIn(c, ctx);
    if (user instanceof Response) return user;
    const result = await check(await formField(c, 'token'));
    const page = {
      backend: ctx.backend,
      account: user.account,
      ttlSeconds: tokenTtlSeconds,
    };
    // Only the token's owner may blacklist it.
    if (!result.view || result.did !== user.account.did) {
      return c.html(tokenPage({ ...page, status: result.view ? 'invalid' : result.status }), 400);
    }
    await sessions.revokeToken(result.view.jti, result.view.expiresAt);
    return c.html(tokenPage({ ...page, status: 'now-revoked', token: result.view }));
  });

  // What an API guarded by these tokens does on each call.
  app.get('/api/me', async (c) => {
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const result = await check(token);
    if (result.status !== 'valid' || !result.view) {
      c.header('www-authenticate', `Bearer error="invalid_token"`);
      return c.json({ error: result.status }, 401);
    }
    return c.json({
      did: result.did,
      jti: result.view.jti,
      expiresAt: result.view.expiresAt.toISOString(),
    });
  });
}
