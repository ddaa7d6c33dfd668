import { html } from 'hono/html';
import { layout, type Markup, notice } from './layout.js';

/** What the sign-in page shows. */
export interface SignInPageProps {
  readonly backend: string;
  readonly noticeCode?: string | undefined;
  /** Username to fill in again after a failed attempt. */
  readonly username?: string | undefined;
  /** Demo credentials to print under the form (username to password). */
  readonly hints: Readonly<Record<string, string>>;
}

/** The sign-in form, with the demo accounts listed under it. */
export function signInPage(props: SignInPageProps): Markup {
  const hints = Object.entries(props.hints);
  const body = html`<div class="narrow">
  <h1>Sign in</h1>
  <p class="lead">Sign in here and in a second browser, then sign one of them out from the other.</p>
  ${notice(props.noticeCode)}
  <form class="card" method="post" action="/sign-in">
    <label for="username">Username</label>
    <input id="username" name="username" type="text" autocomplete="username" required
      value="${props.username ?? ''}" autofocus>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button class="primary wide" type="submit">Sign in</button>
    ${
      hints.length > 0
        ? html`<div class="demo">Demo accounts
    <table>${hints.map(([user, password]) => html`<tr><td><code>${user}</code></td><td><code>${password}</code></td></tr>`)}</table>
    </div>`
        : ''
    }
  </form>
</div>`;
  return layout({ title: 'Sign in', backend: props.backend }, body);
}
