import { fingerprint } from '@coatcheck/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../src/accounts.js';
import { describeDevice } from '../src/device-name.js';
import { freshAccount } from './helpers.js';
import { cookieValue, formPost, inProcessApp } from './request-helpers.js';

const ORIGIN = 'http://localhost:3000';
const COOKIE = 'coatcheck_session';

describe('the app, request by request', () => {
  let account: Account;
  let password: string;
  let env: ReturnType<typeof inProcessApp>;

  beforeEach(async () => {
    ({ account, password } = await freshAccount());
    env = inProcessApp([account]);
  });

  async function signIn(cookie?: string): Promise<string> {
    const headers: Record<string, string> = cookie ? { cookie: `${COOKIE}=${cookie}` } : {};
    const response = await env.app.request(
      `${ORIGIN}/sign-in`,
      formPost(ORIGIN, { username: account.username, password }, headers),
    );
    expect(response.status).toBe(303);
    const id = cookieValue(response, COOKIE);
    if (!id) throw new Error('no session cookie');
    return id;
  }

  function get(path: string, id: string, headers: Record<string, string> = {}) {
    return env.app.request(`${ORIGIN}${path}`, {
      headers: { cookie: `${COOKIE}=${id}`, ...headers },
    });
  }

  it('creates one session with IP, user agent and scope, and no create-then-rotate', async () => {
    const response = await env.app.request(
      `${ORIGIN}/sign-in`,
      formPost(
        ORIGIN,
        { username: account.username, password },
        { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' },
      ),
    );
    const token = cookieValue(response, COOKIE)!;
    const created = env.log.filter((line) => line.includes(' created for '));
    expect(created).toHaveLength(1);
    expect(env.log.some((line) => line.includes('ended: rotated'))).toBe(false);
    const session = await env.sessions.getSession(token);
    expect(created[0]).toContain(fingerprint(session!.id));
    expect(session).toMatchObject({
      did: account.did,
      ipAddress: '192.0.2.10',
      scope: ['atproto'],
    });
    expect(session?.userAgent).toContain('Firefox/128.0');
  });

  it('signing in again on a signed-in device replaces its session instead of adding one', async () => {
    const first = await signIn();
    const second = await signIn(first);
    expect(second).not.toBe(first);
    expect(await env.sessions.listSessions(account.did)).toHaveLength(1);
    const old = await get('/devices', first);
    expect(old.status).toBe(303);
    expect(old.headers.get('location')).toBe('/sign-in?notice=ended');
    expect((await get('/devices', second)).status).toBe(200);
  });

  it('refuses a wrong password and escapes the username it shows again', async () => {
    const response = await env.app.request(
      `${ORIGIN}/sign-in`,
      formPost(ORIGIN, { username: '<script>alert(1)</script>', password: 'nope' }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual([]);
    const page = await response.text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
    expect(page).toContain('Wrong username or password.');
  });

  it('escapes user agents on the devices page', async () => {
    const response = await env.app.request(
      `${ORIGIN}/sign-in`,
      formPost(
        ORIGIN,
        { username: account.username, password },
        { 'user-agent': '"><img src=x onerror=alert(1)>' },
      ),
    );
    const page = await (await get('/devices', cookieValue(response, COOKIE)!)).text();
    expect(page).not.toContain('<img');
    expect(page).toContain('&quot;&gt;&lt;img');
  });

  it('signs out a browser whose cookie names an unknown session, and clears the cookie', async () => {
    const response = await get('/devices', crypto.randomUUID());
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/sign-in?notice=ended');
    const [cleared] = response.headers.getSetCookie();
    expect(cleared).toMatch(/^coatcheck_session=;/);
    expect(cleared).toContain('Max-Age=0');
  });

  it('refuses a sign-in posted from another site', async () => {
    const fields = { username: account.username, password };
    const foreign = await env.app.request(
      `${ORIGIN}/sign-in`,
      formPost('https://evil.example', fields),
    );
    expect(foreign.status).toBe(403);
    const crossSite = await env.app.request(`${ORIGIN}/sign-in`, {
      ...formPost(ORIGIN, fields),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
      },
    });
    expect(crossSite.status).toBe(403);
    expect(await env.sessions.listSessions(account.did)).toHaveLength(0);
  });

  it('refuses signed-in forms posted from another site, and changes nothing', async () => {
    const token = await signIn();
    const cookie = { cookie: `${COOKIE}=${token}` };
    for (const path of ['/devices/revoke-all', '/devices/revoke-others', '/sign-out', '/token']) {
      const foreign = await env.app.request(
        `${ORIGIN}${path}`,
        formPost('https://evil.example', {}, cookie),
      );
      expect(foreign.status, path).toBe(403);
    }
    expect(await env.sessions.getSession(token)).not.toBeNull();
    const ok = await env.app.request(`${ORIGIN}/devices/revoke-all`, formPost(ORIGIN, {}, cookie));
    expect(ok.status).toBe(303);
    expect(await env.sessions.getSession(token)).toBeNull();
  });

  it('names devices by public id, and an id of another user revokes nothing', async () => {
    const token = await signIn();
    const other = await signIn();
    const page = await (await get('/devices', other)).text();
    const firstId = token.slice(0, token.indexOf('.'));
    expect(page).toContain(`name="device" value="${firstId}"`);
    expect(page).not.toContain(token);
    const revoke = (id: string) =>
      env.app.request(
        `${ORIGIN}/devices/revoke`,
        formPost(ORIGIN, { device: id }, { cookie: `${COOKIE}=${other}` }),
      );
    const stranger = 'did:plc:someoneelse7777777777777';
    const foreignId = (await env.sessions.createSession(stranger, { ipAddress: '', userAgent: '' }))
      .id;
    expect((await revoke(foreignId)).headers.get('location')).toBe('/devices?notice=device-gone');
    expect(await env.sessions.listSessions(stranger)).toHaveLength(1);
    expect((await revoke(firstId)).headers.get('location')).toBe('/devices?notice=device-revoked');
    expect(await env.sessions.getSession(token)).toBeNull();
  });

  it('issues a short-lived JWT and refuses it once its jti is revoked', async () => {
    const id = await signIn();
    const cookie = { cookie: `${COOKIE}=${id}` };
    const issued = await (
      await env.app.request(`${ORIGIN}/token`, formPost(ORIGIN, {}, cookie))
    ).text();
    const token = /<textarea id="token" rows="4" readonly>([^<]+)<\/textarea>/.exec(issued)?.[1];
    const jti = /id="jti">([^<]+)</.exec(issued)?.[1];
    expect(token).toBeDefined();
    expect(jti).toMatch(/^[0-9a-f-]{36}$/);
    const [, payload] = token!.split('.');
    const claims = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')));
    expect(claims.exp - claims.iat).toBe(300);
    expect(claims).toMatchObject({ sub: account.did, jti });

    const api = () =>
      env.app.request(`${ORIGIN}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await api()).status).toBe(200);
    expect(await env.sessions.isTokenRevoked(jti!)).toBe(false);

    const revoked = await env.app.request(
      `${ORIGIN}/token/revoke`,
      formPost(ORIGIN, { token: token! }, cookie),
    );
    expect(await revoked.text()).toContain('data-status="now-revoked"');
    expect(await env.sessions.isTokenRevoked(jti!)).toBe(true);
    const refused = await api();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'revoked' });

    const checked = await env.app.request(
      `${ORIGIN}/token/check`,
      formPost(ORIGIN, { token: token! }, cookie),
    );
    expect(await checked.text()).toContain('data-status="revoked"');

    const tampered = `${token!.slice(0, -2)}AA`;
    const forged = await env.app.request(`${ORIGIN}/api/me`, {
      headers: { authorization: `Bearer ${tampered}` },
    });
    expect(await forged.json()).toEqual({ error: 'invalid' });
  });
});

describe('device names', () => {
  it('reads browser and OS from the user agent', () => {
    expect(
      describeDevice(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
      ),
    ).toEqual({ name: 'Firefox 128 on Windows 10', kind: 'desktop' });
    expect(
      describeDevice(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toEqual({ name: 'Safari 17 on iOS 17.5', kind: 'mobile' });
    expect(describeDevice('curl/8.5.0').name).toBe('curl/8.5.0');
    expect(describeDevice('').name).toBe('Unknown device');
  });
});
