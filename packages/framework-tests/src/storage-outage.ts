import { describe, expect, it, vi } from 'vitest';
import {
  freshDid,
  sessionOf,
  setCookies,
  signInAs,
  T0,
  TOUCH_SECONDS,
  useWorld,
} from './fixtures.js';
import type { FrameworkHarness } from './harness.js';

/** A failing storage answers 503 and signs nobody out. */
export function storageOutageTests(harness: FrameworkHarness): void {
  describe('storage outage', () => {
    const world = useWorld(harness);

    it('answers 503 on a failed read, keeps the cookie and shows no token', async () => {
      const { app, store } = world();
      const { cookie } = await signInAs(app, freshDid());
      const token = cookie.slice(cookie.indexOf('=') + 1);
      vi.setSystemTime(T0 + (TOUCH_SECONDS + 1) * 1000);
      store.failing = true;
      const response = await app.request('/session', { cookie });
      expect(response.status).toBe(503);
      expect(setCookies(response)).toEqual([]);
      expect(await response.text()).not.toContain(token);
      store.failing = false;
      expect(await sessionOf(app, { cookie })).not.toBeNull();
    });

    it('answers 503 when a route’s sign-in fails in storage, and sets no cookie', async () => {
      const { app, store } = world();
      store.failing = true;
      const response = await app.request(`/sign-in?did=${freshDid()}`, { method: 'POST' });
      expect(response.status).toBe(503);
      expect(setCookies(response)).toEqual([]);
    });

    it('answers 503 when sign-out fails in storage, and keeps the cookie', async () => {
      const { app, store } = world();
      const { cookie } = await signInAs(app, freshDid());
      // The read goes through; the revoke that follows it fails.
      store.failing = ['revoke'];
      const response = await app.request('/sign-out', { method: 'POST', cookie });
      expect(response.status).toBe(503);
      expect(setCookies(response)).toEqual([]);
      store.failing = false;
      expect(await sessionOf(app, { cookie })).not.toBeNull();
    });
  });
}
