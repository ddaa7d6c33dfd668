import { html } from 'hono/html';
import type { Account } from '../accounts.js';
import { formatTime } from '../format-time.js';
import { layout, type Markup } from './layout.js';

/** A decoded demo token. */
export interface TokenView {
  readonly token: string;
  readonly jti: string;
  readonly expiresAt: Date;
}

/** The outcome of the last check, if any. */
export type TokenStatus = 'issued' | 'valid' | 'revoked' | 'now-revoked' | 'expired' | 'invalid';

const STATUS_TEXT: Readonly<
  Record<TokenStatus, { readonly text: string; readonly kind: 'ok' | 'error' }>
> = {
  issued: { text: 'Token issued. It is valid until it expires or is revoked.', kind: 'ok' },
  valid: { text: 'Valid: good signature, not expired, jti not on the blacklist.', kind: 'ok' },
  'now-revoked': {
    text: 'Revoked: its jti is on the blacklist until the token expires.',
    kind: 'ok',
  },
  revoked: {
    text: 'Refused: the signature is good, but the jti is on the blacklist.',
    kind: 'error',
  },
  expired: { text: 'Refused: the token has expired.', kind: 'error' },
  invalid: { text: 'Refused: not a token this app signed.', kind: 'error' },
};

/** What the JWT demo page shows. */
export interface TokenPageProps {
  readonly backend: string;
  readonly account: Account;
  readonly ttlSeconds: number;
  readonly token?: TokenView | undefined;
  readonly status?: TokenStatus | undefined;
}

/** The JWT demo: issue a short-lived token, check it, revoke its `jti`, check again. */
export function tokenPage(props: TokenPageProps): Markup {
  const status = props.status ? STATUS_TEXT[props.status] : undefined;
  const token = props.token;
  const body = html`<h1>JWT demo</h1>
<p class="lead">Stateless tokens cannot be taken back, so coatcheck keeps a blacklist of revoked token ids
(<code>revokeToken</code> / <code>isTokenRevoked</code>) until each token would have expired anyway.</p>
${status ? html`<p class="notice ${status.kind}" role="status" data-status="${props.status}">${status.text}</p>` : ''}
<section class="card">
  ${
    token
      ? html`<label for="token">Token (HS256, ${props.ttlSeconds} seconds)</label>
  <textarea id="token" rows="4" readonly>${token.token}</textarea>
  <dl class="claims">
    <dt>jti</dt><dd class="mono" id="jti">${token.jti}</dd>
    <dt>expires</dt><dd>${formatTime(token.expiresAt)}</dd>
  </dl>
  <p class="demo">Call <code>GET /api/me</code> with <code>Authorization: Bearer &lt;token&gt;</code> to use it.</p>
  <div class="actions">
    <form class="inline" method="post" action="/token/check">
      <input type="hidden" name="token" value="${token.token}">
      <button type="submit">Check token</button>
    </form>
    <form class="inline" method="post" action="/token/revoke">
      <input type="hidden" name="token" value="${token.token}">
      <button class="danger" type="submit">Revoke token</button>
    </form>
  </div>`
      : html`<p>Issue a token for <strong>${props.account.displayName}</strong> that expires in ${props.ttlSeconds} seconds.</p>`
  }
  <form method="post" action="/token">
    <div class="actions"><button class="primary" type="submit">Issue a new token</button></div>
  </form>
</section>`;
  return layout(
    {
      title: 'JWT demo',
      backend: props.backend,
      account: props.account,
      path: '/token',
    },
    body,
  );
}
