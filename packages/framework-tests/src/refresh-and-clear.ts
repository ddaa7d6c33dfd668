import { describe, expect, it, vi } from 'vitest';
import {
  EXPIRATION_SECONDS,
  freshDid,
  onlyCookie,
  sessionOf,
  setCookies,
  signInAs,
  T0,
  TOUCH_SECONDS,
  useWorld,
} from './fixtures.js';
import type { FrameworkHarness } from './harness.js';

/** When the middleware sends the cookie again, and when it clears it. */
export function refreshAndClearTests(harness: FrameworkHarness): void {
  describe('reading the cookie', () => {
    const world = useWorld(harness);

    it('exposes the session and sends no cookie while the read did not slide it', async () => {
      const { app } = world();
      const did = freshDid();
      const { cookie, id } = await signInAs(app, did);
      vi.setSystemTime(T0 + (TOUCH_SECONDS - 1) * 1000);
      const response = await app.request('/session', { cookie });
      expect(setCookies(response)).toEqual([]);
      const { session } = (await response.json()) as { session: { id: string; fresh: boolean } };
      expect(session).toMatchObject({ id, did, fresh: false });
    });

    it('sends the cookie again, with the slid expiry, when the read was fresh', async () => {
      const { app } = world();
      const { cookie } = await signInAs(app, freshDid());
      const later = T0 + (TOUCH_SECONDS + 1) * 1000;
      vi.setSystemTime(later);
      const response = await app.request('/session', { cookie });
      const resent = onlyCookie(response);
      expect(`${resent.name}=${resent.value}`).toBe(cookie);
      const expiresAt = new Date(later + EXPIRATION_SECONDS * 1000);
      expect(resent.attributes.get('expires')).toBe(expiresAt.toUTCString());
      expect(resent.attributes.get('max-age')).toBe(String(EXPIRATION_SECONDS));
      expect(resent.attributes.get('httponly')).toBe(true);
      const { session } = (await response.json()) as { session: { fresh: boolean } };
      expect(session.fresh).toBe(true);
    });

    it('sends nothing when the request has no cookie', async () => {
      const response = await world().app.request('/session');
      expect(setCookies(response)).toEqual([]);
      expect(await response.json()).toEqual({ session: null });
    });

    it('clears a cookie whose session was revoked', async () => {
      const { app, sessions } = world();
      const { cookie, id } = await signInAs(app, freshDid());
      await sessions.revokeSession(id);
      const response = await app.request('/session', { cookie });
      expect(await response.json()).toEqual({ session: null });
      const cleared = onlyCookie(response);
      expect(cleared.name).toBe('coatcheck_session');
      expect(cleared.value).toBe('');
      expect(cleared.attributes.get('max-age')).toBe('0');
      expect(cleared.attributes.get('path')).toBe('/');
    });

    it('clears a cookie whose session expired, and one that holds no token at all', async () => {
      const { app } = world();
      const { cookie } = await signInAs(app, freshDid());
      vi.setSystemTime(T0 + (EXPIRATION_SECONDS + 1) * 1000);
      const expired = await app.request('/session', { cookie });
      expect(await expired.json()).toEqual({ session: null });
      expect(onlyCookie(expired).attributes.get('max-age')).toBe('0');
      const junk = await app.request('/session', { cookie: 'coatcheck_session=not-a-token' });
      expect(onlyCookie(junk).value).toBe('');
    });

    it('tells a cookie that named an ended session (sessionEnded) from no cookie or a live one', async () => {
      const { app, sessions } = world();
      const { cookie, id } = await signInAs(app, freshDid());
      const ended = async (init: { cookie?: string }) =>
        ((await (await app.request('/ended', init)).json()) as { ended: boolean }).ended;
      expect(await ended({})).toBe(false);
      expect(await ended({ cookie })).toBe(false);
      await sessions.revokeSession(id);
      expect(await ended({ cookie })).toBe(true);
    });

    it('reads a wrong secret for a live id as no session, and clears it', async () => {
      const { app } = world();
      const { cookie, id } = await signInAs(app, freshDid());
      const token = cookie.slice(cookie.indexOf('=') + 1);
      const last = token.at(-1) === 'A' ? 'B' : 'A';
      const forged = `coatcheck_session=${token.slice(0, -1)}${last}`;
      expect(await sessionOf(app, { cookie: forged })).toBeNull();
      expect((await sessionOf(app, { cookie }))?.id).toBe(id);
    });

    it('over HTTPS reads only the __Host- cookie, not a bare-named one a subdomain could plant', async () => {
      const { app } = world();
      const { cookie } = await signInAs(app, freshDid());
      const bare = cookie.replace(/^[^=]+=/, 'coatcheck_session=');
      expect(await sessionOf(app, { cookie: bare, https: true })).toBeNull();
      const secure = await signInAs(app, freshDid(), { https: true });
      expect(await sessionOf(app, { cookie: secure.cookie, https: true })).not.toBeNull();
    });
  });
}
