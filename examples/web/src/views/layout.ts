import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Account } from '../accounts.js';

/** Markup as `hono/html` builds it: every interpolated value is escaped. */
export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

/** What every page's frame needs. */
export interface LayoutProps {
  readonly title: string;
  /** Which storage backend serves sessions, shown in the footer. */
  readonly backend: string;
  /** The signed-in user, if any. */
  readonly account?: Account | undefined;
  /** Path of the current page, to mark it in the navigation. */
  readonly path?: string;
}

function navLink(href: string, label: string, current: string | undefined): Markup {
  return current === href
    ? html`<a href="${href}" aria-current="page">${label}</a>`
    : html`<a href="${href}">${label}</a>`;
}

/** The page frame: header with the user and a sign-out button, then the page, then the footer. */
export function layout(props: LayoutProps, body: Markup): Markup {
  const { account } = props;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${props.title} · coatcheck example</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header class="top"><div class="bar">
  <a class="brand" href="/">coatcheck <span>example</span></a>
  ${
    account
      ? html`<nav>${navLink('/devices', 'Your devices', props.path)}${navLink('/token', 'JWT demo', props.path)}</nav>
  <div class="who">
    <span title="${account.did}">Signed in as <strong>${account.displayName}</strong></span>
    <form class="inline" method="post" action="/sign-out">
      <button type="submit">Sign out</button>
    </form>
  </div>`
      : ''
  }
</div></header>
<main>
${body}
</main>
<footer>Sessions stored in <strong>${props.backend}</strong> by coatcheck.</footer>
</body>
</html>`;
}

/** Fixed texts for `?notice=` codes; the query value itself is never echoed. */
export const NOTICES: Readonly<
  Record<string, { readonly text: string; readonly kind: 'ok' | 'error' }>
> = Object.freeze({
  ended: { text: 'Your session has ended. Please sign in again.', kind: 'error' },
  'signed-out': { text: 'You signed out.', kind: 'ok' },
  everywhere: { text: 'You signed out on every device.', kind: 'ok' },
  'bad-credentials': { text: 'Wrong username or password.', kind: 'error' },
  'device-revoked': { text: 'That device was signed out.', kind: 'ok' },
  'device-gone': { text: 'That device had already signed out.', kind: 'ok' },
  'others-revoked': { text: 'Every other device was signed out.', kind: 'ok' },
  welcome: { text: 'Signed in. This device has a fresh session.', kind: 'ok' },
});

/** The notice banner for a `?notice=` code, or nothing for an unknown one. */
export function notice(code: string | undefined): Markup | '' {
  const entry = code === undefined ? undefined : NOTICES[code];
  return entry ? html`<p class="notice ${entry.kind}" role="status">${entry.text}</p>` : '';
}
