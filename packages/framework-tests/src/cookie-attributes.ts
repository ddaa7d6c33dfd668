import { describe, expect, it } from 'vitest';
import { EXPIRATION_SECONDS, freshDid, onlyCookie, signInAs, T0, useWorld } from './fixtures.js';
import type { FrameworkHarness } from './harness.js';

/** Name, flags and expiry of the cookie that `signIn` sets. */
export function cookieAttributeTests(harness: FrameworkHarness): void {
  describe('cookie attributes', () => {
    const world = useWorld(harness);

    it('is HttpOnly, SameSite=Lax, Path=/ and not Secure over plain HTTP', async () => {
      const { response } = await signInAs(world().app, freshDid());
      const cookie = onlyCookie(response);
      expect(cookie.name).toBe('coatcheck_session');
      expect(cookie.attributes.get('httponly')).toBe(true);
      expect(cookie.attributes.get('samesite')).toBe('Lax');
      expect(cookie.attributes.get('path')).toBe('/');
      expect(cookie.attributes.has('secure')).toBe(false);
      expect(cookie.attributes.has('domain')).toBe(false);
    });

    it('is Secure and named with the __Host- prefix over HTTPS', async () => {
      const { response } = await signInAs(world().app, freshDid(), { https: true });
      const cookie = onlyCookie(response);
      expect(cookie.name).toBe('__Host-coatcheck_session');
      expect(cookie.attributes.get('secure')).toBe(true);
      expect(cookie.attributes.get('httponly')).toBe(true);
      expect(cookie.attributes.get('path')).toBe('/');
    });

    it('expires with the session: Expires is its expiresAt, Max-Age the seconds until then', async () => {
      const did = freshDid();
      const { response } = await signInAs(world().app, did);
      const cookie = onlyCookie(response);
      const expiresAt = new Date(T0 + EXPIRATION_SECONDS * 1000);
      expect(cookie.attributes.get('expires')).toBe(expiresAt.toUTCString());
      expect(cookie.attributes.get('max-age')).toBe(String(EXPIRATION_SECONDS));
      const [stored] = await world().sessions.listSessions(did);
      expect(stored?.expiresAt.getTime()).toBe(expiresAt.getTime());
    });

    it('holds the token, never the public id, and no response body holds the token', async () => {
      const { app } = world();
      const { cookie, id, body } = await signInAs(app, freshDid());
      const token = cookie.slice(cookie.indexOf('=') + 1);
      expect(token).not.toBe(id);
      expect(token.startsWith(id)).toBe(true);
      expect(body).not.toContain(token);
      const page = await app.request('/session', { cookie });
      expect(await page.text()).not.toContain(token);
    });
  });

  describe('cookie options', () => {
    describe('a domain', () => {
      const world = useWorld(harness, { cookie: { domain: 'example.test' } });
      it('drops the __Host- prefix (the browser would refuse it) and sets Domain', async () => {
        const cookie = onlyCookie(
          (await signInAs(world().app, freshDid(), { https: true })).response,
        );
        expect(cookie.name).toBe('coatcheck_session');
        expect(cookie.attributes.get('domain')).toBe('example.test');
        expect(cookie.attributes.get('secure')).toBe(true);
      });
    });

    describe('secure: false and a name', () => {
      const world = useWorld(harness, {
        cookie: { secure: false, name: 'sid', sameSite: 'Strict' },
      });
      it('is not Secure even over HTTPS, has the given name and SameSite', async () => {
        const cookie = onlyCookie(
          (await signInAs(world().app, freshDid(), { https: true })).response,
        );
        expect(cookie.name).toBe('sid');
        expect(cookie.attributes.has('secure')).toBe(false);
        expect(cookie.attributes.get('samesite')).toBe('Strict');
      });
    });

    describe('secure: true', () => {
      const world = useWorld(harness, { cookie: { secure: true } });
      it('is Secure and __Host- even over plain HTTP', async () => {
        const cookie = onlyCookie((await signInAs(world().app, freshDid())).response);
        expect(cookie.name).toBe('__Host-coatcheck_session');
        expect(cookie.attributes.get('secure')).toBe(true);
      });
    });
  });
}
