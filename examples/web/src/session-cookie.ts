import type { CookieOptions } from 'hono/utils/cookie';

/** The cookie's base name; over HTTPS it carries the `__Host-` prefix. */
export const SESSION_COOKIE = 'coatcheck_session';

/**
 * The session cookie's name. Over HTTPS the `__Host-` prefix makes the browser refuse the
 * cookie unless it is `Secure`, has `Path=/` and no `Domain`, so neither a subdomain nor a
 * plain-HTTP response can plant or overwrite it. Browsers reject that prefix without `Secure`,
 * so plain `http://localhost` uses the bare name.
 */
export function sessionCookieName(https: boolean): string {
  return https ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

/**
 * Attributes of the session cookie: never readable by scripts (`HttpOnly`), not sent on
 * cross-site subrequests or form posts (`SameSite=Lax`), whole-site (`Path=/`), HTTPS-only when
 * served over HTTPS (`Secure`), and no `Domain`.
 *
 * @param maxAgeSeconds - how long the browser keeps it; the server-side session decides validity.
 */
export function sessionCookieOptions(https: boolean, maxAgeSeconds: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: https,
    maxAge: maxAgeSeconds,
  };
}
