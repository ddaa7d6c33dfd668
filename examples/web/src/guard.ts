import type { Session } from '@coatcheck/core';
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Account } from './accounts.js';
import type { AppContext } from './app.js';
import type { AppEnv } from './app-env.js';
import { layout } from './views/layout.js';

/** The signed-in user of a request, with the CSRF token for the forms shown to them. */
export interface SignedIn {
  readonly session: Session;
  readonly account: Account;
  readonly csrfToken: string;
}

/**
 * The signed-in user, or a redirect to the sign-in page. For a state-changing request, also
 * checks the form's CSRF token and answers 403 when it does not belong to this session.
 */
export async function signedIn(c: Context<AppEnv>, ctx: AppContext): Promise<SignedIn | Response> {
  const session = c.get('session');
  const account = session ? ctx.accountOf(session.did) : undefined;
  if (!session || !account) {
    return c.redirect(c.get('sessionEnded') ? '/sign-in?notice=ended' : '/sign-in', 303);
  }
  const csrfToken = await ctx.secrets.csrfToken(session.id);
  if (c.req.method === 'POST') {
    const form = await c.req.parseBody();
    if (!(await ctx.secrets.checkCsrfToken(session.id, form.csrf))) {
      return forbidden(c, ctx);
    }
  }
  return { session, account, csrfToken };
}

/** The string value of a form field, or `''`. */
export async function formField(c: Context<AppEnv>, name: string): Promise<string> {
  const form = await c.req.parseBody();
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

/** The answer to a signed-in form whose CSRF token does not match the session. */
export function forbidden(c: Context<AppEnv>, ctx: AppContext): Response | Promise<Response> {
  const body = html`<h1>Form expired</h1><p class="notice error">That form had expired or came from
  another site. Nothing was changed.</p><p><a href="/devices">Back to your devices</a></p>`;
  return c.html(layout({ title: 'Form expired', backend: ctx.backend }, body), 403);
}
