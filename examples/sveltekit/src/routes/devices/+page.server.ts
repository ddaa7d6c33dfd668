import { endSessions, type SignOutScope } from '@coatcheck/http';
import { redirect } from '@sveltejs/kit';
import { clearSessionCookie } from '$lib/server/cookie';
import { sessions } from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

/** "Your devices": the user's sessions by public id (ids prove nothing; tokens never leave). */
export const load: PageServerLoad = async ({ locals }) => {
  const session = locals.session;
  if (!session) redirect(303, '/login');
  const list = await sessions.listSessions(session.did);
  return {
    devices: list.map((s) => ({ id: s.id, userAgent: s.userAgent, current: s.id === session.id })),
  };
};

export const actions: Actions = {
  /** Sign out with scope `device`, `others` or `everywhere`. */
  signOut: async ({ request, locals, cookies }) => {
    const scope = ((await request.formData()).get('scope') ?? 'device') as SignOutScope;
    if (await endSessions(sessions, locals.session, { scope })) {
      clearSessionCookie(cookies, locals.cookie);
      redirect(303, '/login');
    }
    redirect(303, '/devices');
  },
};
