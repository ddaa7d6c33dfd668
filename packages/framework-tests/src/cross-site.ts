import { describe, expect, it } from 'vitest';
import { freshDid, sessionOf, signInAs, useWorld } from './fixtures.js';
import type { FrameworkHarness } from './harness.js';

const EVIL = 'https://evil.example';
const FRIEND = 'https://friend.example';

/** Refusal of cross-site state-changing requests, and its opt-outs. */
export function crossSiteTests(harness: FrameworkHarness): void {
  describe('cross-site requests', () => {
    const world = useWorld(harness);

    it('refuses a POST with Sec-Fetch-Site: cross-site before touching storage', async () => {
      const { app, store } = world();
      const { cookie } = await signInAs(app, freshDid());
      store.failing = true;
      const response = await app.request('/sign-out?scope=everywhere', {
        method: 'POST',
        cookie,
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      expect(response.status).toBe(403);
      store.failing = false;
      expect(await sessionOf(app, { cookie })).not.toBeNull();
    });

    it('refuses a POST whose Origin is not this server', async () => {
      const { app } = world();
      const response = await app.request('/echo', { method: 'POST', headers: { origin: EVIL } });
      expect(response.status).toBe(403);
      const https = await app.request('/echo', {
        method: 'POST',
        https: true,
        headers: { origin: app.origin(false) },
      });
      expect(https.status).toBe(403);
    });

    it('accepts a POST from its own origin, same-site fetch metadata, or no browser headers', async () => {
      const { app } = world();
      const own = await app.request('/echo', {
        method: 'POST',
        headers: { origin: app.origin(false), 'sec-fetch-site': 'same-origin' },
      });
      expect(own.status).toBe(200);
      const ownHttps = await app.request('/echo', {
        method: 'POST',
        https: true,
        headers: { origin: app.origin(true) },
      });
      expect(ownHttps.status).toBe(200);
      expect((await app.request('/echo', { method: 'POST' })).status).toBe(200);
    });

    it('lets cross-site GET, HEAD and OPTIONS through', async () => {
      const { app } = world();
      const headers = { origin: EVIL, 'sec-fetch-site': 'cross-site' };
      expect((await app.request('/session', { headers })).status).toBe(200);
      expect((await app.request('/session', { method: 'HEAD', headers })).status).not.toBe(403);
      expect((await app.request('/session', { method: 'OPTIONS', headers })).status).not.toBe(403);
    });
  });

  describe('csrf: false', () => {
    const world = useWorld(harness, { csrf: false });
    it('accepts cross-site POSTs', async () => {
      const response = await world().app.request('/echo', {
        method: 'POST',
        headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' },
      });
      expect(response.status).toBe(200);
    });
  });

  describe('trusted origins', () => {
    const world = useWorld(harness, { csrf: { trustedOrigins: [FRIEND] } });
    it('accepts a POST from a trusted origin and still refuses any other', async () => {
      const { app } = world();
      const trusted = await app.request('/echo', {
        method: 'POST',
        headers: { origin: FRIEND, 'sec-fetch-site': 'cross-site' },
      });
      expect(trusted.status).toBe(200);
      const other = await app.request('/echo', {
        method: 'POST',
        headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' },
      });
      expect(other.status).toBe(403);
    });
  });
}
