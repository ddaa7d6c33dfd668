import type { Did } from '@coatcheck/core';
import { describe, expect, it, vi } from 'vitest';
import {
  freshDid,
  onlyCookie,
  sessionOf,
  signInAs,
  T0,
  TOUCH_SECONDS,
  useWorld,
} from './fixtures.js';
import type { FrameworkHarness, TestApp } from './harness.js';

/** `signIn`, `rotateSession` and the three scopes of `signOut`. */
export function signInOutTests(harness: FrameworkHarness): void {
  describe('signIn', () => {
    const world = useWorld(harness);

    it('creates a session with the request’s User-Agent and shows it to the same request', async () => {
      const { app, sessions } = world();
      const did = freshDid();
      const { id, cookie } = await signInAs(app, did, { headers: { 'user-agent': 'Tester/1.0' } });
      const [stored] = await sessions.listSessions(did);
      expect(stored).toMatchObject({ id, did, userAgent: 'Tester/1.0' });
      expect(typeof stored?.ipAddress).toBe('string');
      expect(await sessionOf(app, { cookie })).toMatchObject({ id, did });
    });

    it('takes metadata from the caller over the defaults', async () => {
      const { app, sessions } = world();
      const did = freshDid();
      await app.request(`/sign-in?did=${did}&deviceId=phone-1`, { method: 'POST' });
      const [stored] = await sessions.listSessions(did);
      expect(stored?.deviceId).toBe('phone-1');
    });

    it('replaces the session the request held: a new id, and the old token stops working', async () => {
      const { app, sessions } = world();
      const did = freshDid();
      const first = await signInAs(app, did);
      const second = await signInAs(app, did, { cookie: first.cookie });
      expect(second.id).not.toBe(first.id);
      expect(await sessionOf(app, { cookie: first.cookie })).toBeNull();
      expect((await sessions.listSessions(did)).map((s) => s.id)).toEqual([second.id]);
    });

    it('refuses a malformed DID', async () => {
      const response = await world().app.request('/sign-in?did=not-a-did', { method: 'POST' });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers.getSetCookie()).toEqual([]);
    });
  });

  describe('rotateSession', () => {
    const world = useWorld(harness);

    it('sets a new cookie for a new id; the old token stops working', async () => {
      const { app } = world();
      const did = freshDid();
      const { cookie, id } = await signInAs(app, did);
      const response = await app.request('/rotate', { method: 'POST', cookie });
      const { id: rotatedId } = (await response.json()) as { id: string };
      const set = onlyCookie(response);
      const rotated = `${set.name}=${set.value}`;
      expect(rotatedId).not.toBe(id);
      expect(rotated).not.toBe(cookie);
      expect(await sessionOf(app, { cookie })).toBeNull();
      expect(await sessionOf(app, { cookie: rotated })).toMatchObject({ id: rotatedId, did });
    });

    it('does nothing without a session', async () => {
      const response = await world().app.request('/rotate', { method: 'POST' });
      expect(await response.json()).toEqual({ id: null });
      expect(response.headers.getSetCookie()).toEqual([]);
    });
  });

  describe('signOut', () => {
    const world = useWorld(harness);

    async function twoDevices(app: TestApp, did: Did) {
      return [await signInAs(app, did), await signInAs(app, did)] as const;
    }

    it("'device' (the default) ends this session only and clears its cookie", async () => {
      const { app } = world();
      const [here, there] = await twoDevices(app, freshDid());
      const response = await app.request('/sign-out', { method: 'POST', cookie: here.cookie });
      expect(await response.json()).toEqual({ session: null });
      expect(onlyCookie(response)).toMatchObject({ name: 'coatcheck_session', value: '' });
      expect(await sessionOf(app, { cookie: here.cookie })).toBeNull();
      expect(await sessionOf(app, { cookie: there.cookie })).not.toBeNull();
    });

    it('sends only the clearing cookie when the same request also slid the session', async () => {
      const { app } = world();
      const { cookie } = await signInAs(app, freshDid());
      vi.setSystemTime(T0 + (TOUCH_SECONDS + 1) * 1000);
      const response = await app.request('/sign-out', { method: 'POST', cookie });
      expect(onlyCookie(response).value).toBe('');
    });

    it("'others' ends every other session of the user and keeps this one and its cookie", async () => {
      const { app } = world();
      const did = freshDid();
      const [here, there] = await twoDevices(app, did);
      const stranger = await signInAs(app, freshDid());
      const response = await app.request('/sign-out?scope=others', {
        method: 'POST',
        cookie: here.cookie,
      });
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await sessionOf(app, { cookie: here.cookie })).toMatchObject({ id: here.id });
      expect(await sessionOf(app, { cookie: there.cookie })).toBeNull();
      expect(await sessionOf(app, { cookie: stranger.cookie })).not.toBeNull();
    });

    it("'everywhere' ends all the user's sessions and clears the cookie", async () => {
      const { app, sessions } = world();
      const did = freshDid();
      const [here, there] = await twoDevices(app, did);
      const response = await app.request('/sign-out?scope=everywhere', {
        method: 'POST',
        cookie: here.cookie,
      });
      expect(onlyCookie(response).value).toBe('');
      expect(await sessionOf(app, { cookie: there.cookie })).toBeNull();
      expect(await sessions.listSessions(did)).toEqual([]);
    });

    it('refuses an unknown scope and ends nothing', async () => {
      const { app } = world();
      const { cookie } = await signInAs(app, freshDid());
      const response = await app.request('/sign-out?scope=planet', { method: 'POST', cookie });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(await sessionOf(app, { cookie })).not.toBeNull();
    });
  });
}
