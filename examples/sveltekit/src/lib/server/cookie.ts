import type { Cookies } from '@sveltejs/kit';

type Sameness = 'strict' | 'lax' | 'none';

/** Hands the browser a session token until the session's `expiresAt`. */
export function setSessionCookie(
  cookies: Cookies,
  cookie: App.Locals['cookie'],
  token: string,
  expiresAt: Date,
): void {
  cookies.set(cookie.name, token, {
    path: cookie.path,
    httpOnly: true,
    sameSite: cookie.sameSite.toLowerCase() as Sameness,
    secure: cookie.secure,
    ...(cookie.domain === undefined ? {} : { domain: cookie.domain }),
    expires: expiresAt,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000)),
  });
}

/** Makes the browser drop the session cookie. */
export function clearSessionCookie(cookies: Cookies, cookie: App.Locals['cookie']): void {
  cookies.delete(cookie.name, {
    path: cookie.path,
    httpOnly: true,
    sameSite: cookie.sameSite.toLowerCase() as Sameness,
    secure: cookie.secure,
    ...(cookie.domain === undefined ? {} : { domain: cookie.domain }),
  });
}
