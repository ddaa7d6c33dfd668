import { describe, expect, it } from 'vitest';
import { isHttps } from '../src/request-info.js';
import { freshAccount } from './helpers.js';
import { cookieValue, formPost, inProcessApp } from './request-helpers.js';

describe('the proxy headers', () => {
  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    const forwarded = new Request('http://internal:8080/', {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(isHttps(forwarded, true)).toBe(true);
    expect(isHttps(forwarded, false)).toBe(false);
    expect(isHttps(new Request('https://app.example/'), false)).toBe(true);
  });
});

describe('the Set-Cookie the app sends at sign-in', () => {
  async function signIn(url: string, headers: Record<string, string>, trustProxy: boolean) {
    const { account, password } = await freshAccount();
    const { app } = inProcessApp([account], { trustProxy });
    const origin = headers.origin ?? new URL(url).origin;
    return app.request(url, formPost(origin, { username: account.username, password }, headers));
  }

  function attributes(response: Response): string[] {
    const [header] = response.headers.getSetCookie();
    return (header ?? '').split(';').map((part) => part.trim());
  }

  it('is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/ and has no Domain over HTTPS', async () => {
    const response = await signIn('https://app.example/sign-in', {}, false);
    expect(response.status).toBe(303);
    const parts = attributes(response);
    expect(parts[0]).toMatch(/^__Host-coatcheck_session=[0-9a-f-]{36}\.[A-Za-z0-9_-]+$/);
    expect(parts).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Lax', 'Path=/']));
    expect(parts.some((part) => /^domain=/i.test(part))).toBe(false);
  });

  it('is __Host- and Secure behind a trusted proxy that forwarded HTTPS', async () => {
    const response = await signIn(
      'http://internal:8080/sign-in',
      {
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'app.example',
        origin: 'https://app.example',
      },
      true,
    );
    expect(response.status).toBe(303);
    const parts = attributes(response);
    expect(parts[0]).toMatch(/^__Host-coatcheck_session=/);
    expect(parts).toContain('Secure');
  });

  it('ignores X-Forwarded-Proto from an untrusted client: bare name, no Secure', async () => {
    const response = await signIn(
      'http://localhost:3000/sign-in',
      { 'x-forwarded-proto': 'https' },
      false,
    );
    expect(response.status).toBe(303);
    const parts = attributes(response);
    expect(parts[0]).toMatch(/^coatcheck_session=/);
    expect(parts).not.toContain('Secure');
    expect(parts).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/']));
  });

  it('over HTTPS, ignores a token sent under the bare cookie name', async () => {
    const { account, password } = await freshAccount();
    const { app } = inProcessApp([account]);
    const signIn = await app.request(
      'https://app.example/sign-in',
      formPost('https://app.example', { username: account.username, password }),
    );
    const token = cookieValue(signIn, '__Host-coatcheck_session');
    expect(token).toBeDefined();
    const good = await app.request('https://app.example/devices', {
      headers: { cookie: `__Host-coatcheck_session=${token}` },
    });
    expect(good.status).toBe(200);
    const bare = await app.request('https://app.example/devices', {
      headers: { cookie: `coatcheck_session=${token}` },
    });
    expect(bare.status).toBe(303);
    expect(bare.headers.get('location')).toBe('/sign-in');
  });
});
