import { requestMetadata, startSession } from '@coatcheck/http';
import type { NextRequest } from 'next/server';
import { redirectWithCookie, refuseCrossSite, tokenOf } from '../../../lib/route-helpers';
import { sessions, USERS } from '../../../lib/sessions';

/** POST /api/sign-in: a new session for the named demo user, its token in the cookie. */
export async function POST(request: NextRequest): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  const did = USERS[String((await request.formData()).get('user'))];
  if (!did) return new Response('Unknown user', { status: 401 });
  const token = tokenOf(request);
  const current = token ? await sessions.getSession(token) : null;
  const ip = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const metadata = requestMetadata(ip, request.headers.get('user-agent') ?? undefined);
  const issued = await startSession(sessions, current, did, metadata);
  return redirectWithCookie(request, '/devices', issued);
}
