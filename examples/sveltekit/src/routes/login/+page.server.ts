import { requestMetadata, startSession } from '@coatcheck/http';
import { fail, redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/cookie';
import { sessions, USERS } from '$lib/server/sessions';
import type { Actions } from './$types';

export const actions: Actions = {
  /** A new session for the named demo user (the browser's old one ends), its token in the cookie. */
  signIn: async (event) => {
    const did = USERS[String((await event.request.formData()).get('user'))];
    if (!did) return fail(401, { unknown: true });
    const metadata = requestMetadata(
      event.getClientAddress(),
      event.request.headers.get('user-agent') ?? undefined,
    );
    const issued = await startSession(sessions, event.locals.session, did, metadata);
    setSessionCookie(event.cookies, event.locals.cookie, issued.token, issued.expiresAt);
    redirect(303, '/devices');
  },
};
