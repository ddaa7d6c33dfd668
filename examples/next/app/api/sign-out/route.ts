import { endSessions, type SignOutScope } from '@coatcheck/http';
import type { NextRequest } from 'next/server';
import { redirectWithCookie, refuseCrossSite, tokenOf } from '../../../lib/route-helpers';
import { sessions } from '../../../lib/sessions';

/** POST /api/sign-out (form field `scope`: device, others or everywhere). */
export async function POST(request: NextRequest): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  const scope = ((await request.formData()).get('scope') ?? 'device') as SignOutScope;
  const token = tokenOf(request);
  const current = token ? await sessions.getSession(token) : null;
  const clear = await endSessions(sessions, current, { scope });
  if (!clear) return new Response(null, { status: 303, headers: { location: '/devices' } });
  return redirectWithCookie(request, '/login', null);
}
