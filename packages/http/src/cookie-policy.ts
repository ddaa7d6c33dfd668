import { InvalidArgumentError } from '@coatcheck/core';

/** The base name of the session cookie; Secure cookies without a domain get the `__Host-` prefix. */
export const DEFAULT_COOKIE_NAME = 'coatcheck_session';

/** How the session cookie is named and scoped. Every field is optional. */
export interface SessionCookieOptions {
  /**
   * The cookie's name.
   * @defaultValue `__Host-coatcheck_session` when the cookie is Secure, has no `domain` and
   * `path` is `/`; `coatcheck_session` otherwise
   */
  readonly name?: string;
  /**
   * Send the cookie over HTTPS only.
   * @defaultValue whether the request came over HTTPS, as the framework reports its scheme
   */
  readonly secure?: boolean;
  /**
   * When the browser sends the cookie on cross-site requests.
   * @defaultValue `'Lax'`
   */
  readonly sameSite?: 'Strict' | 'Lax' | 'None';
  /** The cookie's `Domain`. @defaultValue none (this host only) */
  readonly domain?: string;
  /** The cookie's `Path`. @defaultValue `'/'` */
  readonly path?: string;
}

/** The cookie for one request: its name and the attributes every `Set-Cookie` carries. */
export interface ResolvedCookie {
  /** The name the session cookie is read from and written to. */
  readonly name: string;
  /** Whether the cookie is `Secure`. */
  readonly secure: boolean;
  /** `Path`, `SameSite` and `Domain`, for frameworks that write cookies from options. */
  readonly path: string;
  readonly sameSite: 'Strict' | 'Lax' | 'None';
  readonly domain: string | undefined;
  /** `Path=/; HttpOnly; SameSite=Lax` and so on, without the name, value or expiry. */
  readonly attributes: string;
}

// RFC 6265 token characters, and a cookie value or attribute without separators.
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const ATTRIBUTE_VALUE = /^[\x21-\x3a\x3c-\x7e]+$/;

/**
 * Checks the cookie options once, when the middleware is created, and returns the cookie to use
 * for a request of either scheme.
 *
 * @throws InvalidArgumentError naming the field when an option is malformed.
 */
export function cookiePolicy(
  options: SessionCookieOptions = {},
): (https: boolean) => ResolvedCookie {
  const { name, secure, domain } = options;
  const path = options.path ?? '/';
  const sameSite = options.sameSite ?? 'Lax';
  if (name !== undefined && (typeof name !== 'string' || !COOKIE_NAME.test(name))) {
    throw new InvalidArgumentError('cookie.name', 'must be a cookie name (RFC 6265 token)');
  }
  if (secure !== undefined && typeof secure !== 'boolean') {
    throw new InvalidArgumentError('cookie.secure', 'must be a boolean');
  }
  if (!['Strict', 'Lax', 'None'].includes(sameSite)) {
    throw new InvalidArgumentError('cookie.sameSite', "must be 'Strict', 'Lax' or 'None'");
  }
  if (sameSite === 'None' && secure === false) {
    throw new InvalidArgumentError('cookie.sameSite', "'None' needs a Secure cookie");
  }
  if (domain !== undefined && (typeof domain !== 'string' || !ATTRIBUTE_VALUE.test(domain))) {
    throw new InvalidArgumentError('cookie.domain', 'must be a host name');
  }
  if (typeof path !== 'string' || !path.startsWith('/') || !ATTRIBUTE_VALUE.test(path)) {
    throw new InvalidArgumentError('cookie.path', 'must start with "/" and hold no ";"');
  }
  const resolve = (https: boolean): ResolvedCookie => {
    const isSecure = secure ?? https;
    // `__Host-` makes the browser refuse the cookie unless it is Secure, on Path=/ and without
    // Domain: neither a sibling subdomain nor a plain-HTTP response can plant or overwrite it.
    const hostOnly = isSecure && domain === undefined && path === '/';
    const parts = [`Path=${path}`, 'HttpOnly', `SameSite=${sameSite}`];
    if (isSecure) parts.push('Secure');
    if (domain !== undefined) parts.push(`Domain=${domain}`);
    return {
      name: name ?? (hostOnly ? `__Host-${DEFAULT_COOKIE_NAME}` : DEFAULT_COOKIE_NAME),
      secure: isSecure,
      path,
      sameSite,
      domain,
      attributes: parts.join('; '),
    };
  };
  const plain = resolve(false);
  const tls = resolve(true);
  return (https) => (https ? tls : plain);
}

/**
 * The `Set-Cookie` value that hands the browser a session token, kept until the session's
 * `expiresAt` (both `Expires` and `Max-Age`, which wins where both are understood).
 *
 * @param now - the current time in ms since the epoch, for `Max-Age`.
 */
export function sessionCookieHeader(
  cookie: ResolvedCookie,
  token: string,
  expiresAt: Date,
  now: number = Date.now(),
): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now) / 1000));
  return `${cookie.name}=${token}; Expires=${expiresAt.toUTCString()}; Max-Age=${maxAge}; ${cookie.attributes}`;
}

/** The `Set-Cookie` value that makes the browser drop the session cookie. */
export function clearedCookieHeader(cookie: ResolvedCookie): string {
  return `${cookie.name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; ${cookie.attributes}`;
}
