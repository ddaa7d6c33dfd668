import { html } from 'hono/html';
import type { Account } from '../accounts.js';
import { formatAgo, formatTime } from '../format-time.js';
import { layout, type Markup, notice } from './layout.js';

/** One row of the devices page. */
export interface DeviceRow {
  /** The session's public id: it names the device in the revoke form and proves nothing. */
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly ipAddress: string;
  readonly createdAt: Date;
  readonly lastActivity: Date;
  readonly current: boolean;
}

/** What the devices page shows. */
export interface DevicesPageProps {
  readonly backend: string;
  readonly account: Account;
  readonly devices: readonly DeviceRow[];
  readonly now: number;
  readonly noticeCode?: string | undefined;
}

// Outline icons drawn inline (24x24, stroke only), so the page loads nothing but its stylesheet.
const ICON_PATHS: Readonly<Record<string, string>> = {
  desktop: 'M3 5h18v11H3z M8 20h8 M12 16v4',
  mobile: 'M7 2h10v20H7z M11 18h2',
  tablet: 'M4 3h16v18H4z M11 17h2',
  tv: 'M2 5h20v13H2z M8 22h8',
  unknown:
    'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z M12 16v.5 M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6',
};

function icon(kind: string): Markup {
  const path = ICON_PATHS[kind] ?? ICON_PATHS.unknown;
  return html`<svg viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor"
    stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d="${path}"/></svg>`;
}

function deviceItem(device: DeviceRow, props: DevicesPageProps): Markup {
  return html`<li data-current="${device.current ? 'true' : 'false'}">
    <div class="kind" aria-hidden="true" title="${device.kind}">${icon(device.kind)}</div>
    <div class="device">
      <div class="name">${device.name}${device.current ? html`<span class="badge">This device</span>` : ''}</div>
      <div class="meta">${device.ipAddress} · signed in <time datetime="${device.createdAt.toISOString()}" title="${formatTime(device.createdAt)}">${formatAgo(device.createdAt, props.now)}</time>
        · active <time datetime="${device.lastActivity.toISOString()}" title="${formatTime(device.lastActivity)}">${formatAgo(device.lastActivity, props.now)}</time></div>
    </div>
    ${
      device.current
        ? ''
        : html`<form class="inline" method="post" action="/devices/revoke">
      <input type="hidden" name="device" value="${device.id}">
      <button class="danger" type="submit" aria-label="Sign out ${device.name}">Sign out</button>
    </form>`
    }
  </li>`;
}

/** "Your devices": every live session of the user, newest first, the current one marked. */
export function devicesPage(props: DevicesPageProps): Markup {
  const others = props.devices.filter((device) => !device.current).length;
  const body = html`<h1>Your devices</h1>
<p class="lead">Every browser signed in as <span class="mono">${props.account.did}</span>, newest first.
Sign out any you do not recognise.</p>
${notice(props.noticeCode)}
<section class="card">
  <ul class="devices" aria-label="Signed-in devices">
    ${props.devices.map((device) => deviceItem(device, props))}
  </ul>
</section>
<div class="actions">
  ${
    others > 0
      ? html`<form class="inline" method="post" action="/devices/revoke-others">
    <button type="submit">Sign out other devices (${others})</button>
  </form>`
      : ''
  }
  <form class="inline" method="post" action="/devices/revoke-all">
    <button class="danger" type="submit">Sign out everywhere</button>
  </form>
</div>`;
  return layout(
    {
      title: 'Your devices',
      backend: props.backend,
      account: props.account,
      path: '/devices',
    },
    body,
  );
}
