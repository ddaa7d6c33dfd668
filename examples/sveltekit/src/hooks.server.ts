import { StorageError } from '@coatcheck/core';
import { readSession } from '@coatcheck/http';
import type { Handle } from '@sveltejs/kit';
import { clearSessionCookie, setSessionCookie } from '$lib/server/cookie';
import { isCrossSite, sessionCookie, sessions } from '$lib/server/sessions';

/**
 * Every request: refuse cross-site state-changing requests, read and validate the cookie's
 * token into `event.locals.session`, send the cookie again only when the read slid the session,
 * clear one that names no live session, and answer 503 (keeping the cookie) when storage fails.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const refused = isCrossSite({
    method: event.request.method,
    origin: event.request.headers.get('origin') ?? undefined,
    secFetchSite: event.request.headers.get('sec-fetch-site') ?? undefined,
    ownOrigin: event.url.origin,
  });
  if (refused) return new Response('Cross-site request refused', { status: 403 });

  const cookie = sessionCookie(event.url.protocol === 'https:');
  event.locals.cookie = cookie;
  const token = event.cookies.get(cookie.name);
  let found: Awaited<ReturnType<typeof readSession>>;
  try {
    found = await readSession(sessions, token);
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    return new Response('Session storage is unavailable, try again shortly', { status: 503 });
  }
  event.locals.session = found.session;
  if (found.stale) clearSessionCookie(event.cookies, cookie);
  else if (found.session?.fresh && token !== undefined) {
    setSessionCookie(event.cookies, cookie, token, found.session.expiresAt);
  }
  return resolve(event);
};
