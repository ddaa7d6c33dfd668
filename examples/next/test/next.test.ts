import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningApp, startApp } from './server.js';

// The production build (`next build`, the package's build task) served by `next start`.
const NEXT = fileURLToPath(new URL('../node_modules/next/dist/bin/next', import.meta.url));
let app: RunningApp;

beforeAll(async () => {
  app = await startApp((port) => ({
    file: process.execPath,
    args: [NEXT, 'start', '--port', String(port), '--hostname', '127.0.0.1'],
  }));
});
afterAll(() => app?.stop());

function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

const get = (path: string, cookie = '') =>
  fetch(`${app.url}${path}`, { headers: { cookie }, redirect: 'manual' });

it('signs in, reads the session, lists devices by public id and signs out everywhere', async () => {
  const signedIn = await post('/api/sign-in', { user: 'alice' });
  expect(signedIn.status).toBe(303);
  expect(signedIn.headers.get('location')).toBe('/devices');
  const [set = ''] = signedIn.headers.getSetCookie();
  expect(set).toMatch(
    /^coatcheck_session=[^;]+; Expires=[^;]+; Max-Age=(\d+); Path=\/; HttpOnly; SameSite=Lax$/,
  );
  // The session's 7 days, counted down from its expiresAt (whole seconds, never past it).
  const maxAge = Number(/Max-Age=(\d+)/.exec(set)?.[1]);
  expect(maxAge).toBeLessThanOrEqual(604_800);
  expect(maxAge).toBeGreaterThan(604_700);
  const cookie = set.split(';')[0]!;
  const token = cookie.slice(cookie.indexOf('=') + 1);

  const me = (await (await get('/api/me', cookie)).json()) as { did: string; id: string };
  expect(me.did).toBe('did:plc:ewvi7nxzyoun6zhxrhs64oiz');
  expect(token.startsWith(`${me.id}.`)).toBe(true);

  const devices = await get('/devices', cookie);
  expect(devices.status).toBe(200);
  const page = await devices.text();
  expect(page).toContain(`data-id="${me.id}"`);
  expect(page).not.toContain(token);

  const out = await post('/api/sign-out', { scope: 'everywhere' }, { cookie });
  expect(out.status).toBe(303);
  expect(out.headers.get('location')).toBe('/login');
  expect(out.headers.getSetCookie()[0]).toMatch(/^coatcheck_session=; .*Max-Age=0/);
  expect(await (await get('/api/me', cookie)).json()).toBeNull();
});

it('the proxy sends a signed-out visitor to /login, which it leaves alone (no loop)', async () => {
  const devices = await get('/devices');
  expect(devices.status).toBe(303);
  expect(new URL(devices.headers.get('location')!, app.url).pathname).toBe('/login');
  expect((await get('/login')).status).toBe(200);
});

it('refuses a sign-in posted from another site', async () => {
  const forged = await post('/api/sign-in', { user: 'alice' }, { origin: 'https://evil.example' });
  expect(forged.status).toBe(403);
  expect(forged.headers.getSetCookie()).toEqual([]);
});
