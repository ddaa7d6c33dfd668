import type { Session } from '@coatcheck/core';
import { sessionEnded } from '@coatcheck/hono';
import type { Context } from 'hono';
import type { Account } from './accounts.js';
import type { AppContext } from './app.js';

/** The signed-in user of a request. */
export interface SignedIn {
  readonly session: Session;
  readonly account: Account;
}

/**
 * The signed-in user, or a redirect to the sign-in page (saying so when the cookie named a
 * session that has ended). Cross-site forms never get here: the session middleware refuses them.
 */
export function signedIn(c: Context, ctx: AppContext): SignedIn | Response {
  const session = c.get('session');
  const account = session ? ctx.accountOf(session.did) : undefined;
  if (!session || !account) {
    return c.redirect(sessionEnded(c) ? '/sign-in?notice=ended' : '/sign-in', 303);
  }
  return { session, account };
}

/** The string value of a form field, or `''`. */
export async function formField(c: Context, name: string): Promise<string> {
  const form = await c.req.parseBody();
  const value = form[name];
  return typeof value === 'string' ? value : '';
}
