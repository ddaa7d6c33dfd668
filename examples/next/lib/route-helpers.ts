import { clearedCookieHeader, sessionCookieHeader } from '@coatcheck/http';
import type { NextRequest } from 'next/server';
import { cookieName, isCrossSite, sessionCookie } from './sessions';

/** The cookie for this request's scheme (see `cookieName`). */
export function cookieFor(request: NextRequest) {
  return sessionCookie(request.headers.get('x-forwarded-proto') === 'https');
}

/** The request's token, read only under the name for its scheme. */
export function tokenOf(request: NextRequest): string | undefined {
  return request.cookies.get(cookieName(request.headers))?.value;
}

/** A 403 for a cross-site state-changing request, or `null` when it may go on. */
export function refuseCrossSite(request: NextRequest): Response | null {
  const refused = isCrossSite({
    method: request.method,
    origin: request.headers.get('origin') ?? undefined,
    secFetchSite: request.headers.get('sec-fetch-site') ?? undefined,
    ownOrigin: `${request.headers.get('x-forwarded-proto') === 'https' ? 'https' : 'http'}://${request.headers.get('host')}`,
  });
  return refused ? new Response('Cross-site request refused', { status: 403 }) : null;
}

/** A 303 to `path` that sets (or, with `null`, clears) the session cookie. */
export function redirectWithCookie(
  request: NextRequest,
  path: string,
  issued: { token: string; expiresAt: Date } | null,
): Response {
  const cookie = cookieFor(request);
  const setCookie = issued
    ? sessionCookieHeader(cookie, issued.token, issued.expiresAt)
    : clearedCookieHeader(cookie);
  return new Response(null, {
    status: 303,
    headers: { location: path, 'set-cookie': setCookie, 'cache-control': 'no-store' },
  });
}
