import { expect } from 'vitest';

/** Where an example app's forms post; every app also serves `GET /api/me`, `/devices`, `/login`. */
export interface ExampleRoutes {
  readonly signIn: string;
  readonly signOut: string;
}

function post(url: string, form: Record<string, string>, headers: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    // As a browser's form: SvelteKit answers `*/*` with JSON, and only text/html with a 303.
    headers: {
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

const get = (url: string, cookie = '') => fetch(url, { headers: { cookie }, redirect: 'manual' });

/**
 * Drives an example app over HTTP as a browser would: a cross-site sign-in is refused; alice
 * signs in (a 303 to /devices with the session cookie, its flags and 7-day expiry); `/api/me`
 * names her by DID and public id; `/devices` lists that id and never the token; a signed-out
 * visitor of `/devices` lands on `/login`, which answers (no loop); signing out everywhere
 * clears the cookie and ends the session.
 */
export async function walkExampleApp(base: string, routes: ExampleRoutes): Promise<void> {
  const origin = { origin: base };
  const forged = await post(
    `${base}${routes.signIn}`,
    { user: 'alice' },
    { origin: 'https://evil.example' },
  );
  expect(forged.status).toBe(403);
  expect(forged.headers.getSetCookie()).toEqual([]);

  const signedIn = await post(`${base}${routes.signIn}`, { user: 'alice' }, origin);
  expect(signedIn.status).toBe(303);
  expect(new URL(signedIn.headers.get('location')!, base).pathname).toBe('/devices');
  const set = signedIn.headers.getSetCookie().find((c) => c.startsWith('coatcheck_session=')) ?? '';
  const attributes = set.split(';').map((part) => part.trim().toLowerCase());
  expect(attributes).toEqual(expect.arrayContaining(['path=/', 'httponly', 'samesite=lax']));
  expect(attributes).not.toContain('secure');
  // The session's 7 days, counted down from its expiresAt (whole seconds, never past it).
  const maxAge = Number(/max-age=(\d+)/i.exec(set)?.[1]);
  expect(maxAge).toBeLessThanOrEqual(604_800);
  expect(maxAge).toBeGreaterThan(604_700);
  const cookie = set.split(';')[0]!;
  const token = cookie.slice(cookie.indexOf('=') + 1);

  const me = (await (await get(`${base}/api/me`, cookie)).json()) as { did: string; id: string };
  expect(me.did).toBe('did:plc:ewvi7nxzyoun6zhxrhs64oiz');
  expect(token.startsWith(`${me.id}.`)).toBe(true);
  const devices = await get(`${base}/devices`, cookie);
  expect(devices.status).toBe(200);
  const page = await devices.text();
  expect(page).toContain(`data-id="${me.id}"`);
  expect(page).not.toContain(token);

  const away = await get(`${base}/devices`);
  expect(away.status).toBe(303);
  expect(new URL(away.headers.get('location')!, base).pathname).toBe('/login');
  expect((await get(`${base}/login`)).status).toBe(200);

  const out = await post(
    `${base}${routes.signOut}`,
    { scope: 'everywhere' },
    { ...origin, cookie },
  );
  expect(out.status).toBe(303);
  expect(new URL(out.headers.get('location')!, base).pathname).toBe('/login');
  const cleared = out.headers.getSetCookie().find((c) => c.startsWith('coatcheck_session=')) ?? '';
  expect(cleared).toMatch(/^coatcheck_session=;.*max-age=0/i);
  expect(await (await get(`${base}/api/me`, cookie)).json()).toBeNull();
}
