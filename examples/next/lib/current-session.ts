import type { ValidatedSession } from '@coatcheck/core';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { cookieName, sessions } from './sessions';

/**
 * The data-access helper: the signed-in session of this request, or `null`, validated against
 * storage once per request (React `cache`). Pages and route handlers call it before reading
 * anything private; the proxy's check is only optimistic.
 */
export const currentSession = cache(async (): Promise<ValidatedSession | null> => {
  const token = (await cookies()).get(cookieName(await headers()))?.value;
  return token ? sessions.getSession(token) : null;
});
