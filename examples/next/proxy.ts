import { type NextRequest, NextResponse } from 'next/server';
import { cookieName, sessions } from './lib/sessions';

/**
 * An optimistic check before the page renders: no live session, no devices page. The page
 * checks again through `currentSession()`; this only saves rendering for signed-out visitors.
 */
export async function proxy(request: NextRequest) {
  const token = request.cookies.get(cookieName(request.headers));
  const session = token ? await sessions.getSession(token.value) : null;
  if (!session) return NextResponse.redirect(new URL('/login', request.url), 303);
  return NextResponse.next();
}

// Only the signed-in pages: never /login (or a signed-out visitor loops), the API or assets.
export const config = { matcher: ['/devices/:path*'] };
