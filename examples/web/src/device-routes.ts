import { SessionRevokedError } from '@coatcheck/core';
import { signOut } from '@coatcheck/hono';
import type { Hono } from 'hono';
import type { AppContext } from './app.js';
import { describeDevice } from './device-name.js';
import { formField, signedIn } from './guard.js';
import { type DeviceRow, devicesPage } from './views/devices-page.js';

/** "Your devices" and the three ways to sign devices out. */
export function registerDeviceRoutes(app: Hono, ctx: AppContext): void {
  const { sessions } = ctx;

  app.get('/devices', async (c) => {
    const user = signedIn(c, ctx);
    if (user instanceof Response) return user;
    const list = await sessions.listSessions(user.session.did);
    const devices: DeviceRow[] = list.map((session) => {
      const current = session.id === user.session.id;
      // The current session's lastActivity was just slid by the read; the list may predate it.
      const shown = current ? user.session : session;
      return {
        id: session.id,
        ...describeDevice(session.userAgent),
        ipAddress: session.ipAddress,
        createdAt: session.createdAt,
        lastActivity: shown.lastActivity,
        current,
      };
    });
    return c.html(
      devicesPage({
        backend: ctx.backend,
        account: user.account,
        devices,
        now: Date.now(),
        noticeCode: c.req.query('notice'),
      }),
    );
  });

  app.post('/devices/revoke', async (c) => {
    const user = signedIn(c, ctx);
    if (user instanceof Response) return user;
    // Ids are public: `did` makes sure a user can end only their own sessions.
    const id = await formField(c, 'device');
    const listed = (await sessions.listSessions(user.session.did)).some((s) => s.id === id);
    if (!listed || id === user.session.id) return c.redirect('/devices?notice=device-gone', 303);
    await sessions.revokeSession(id, { did: user.session.did });
    return c.redirect('/devices?notice=device-revoked', 303);
  });

  app.post('/devices/revoke-others', async (c) => {
    const user = signedIn(c, ctx);
    if (user instanceof Response) return user;
    try {
      await signOut(c, { scope: 'others' });
    } catch (error) {
      // This very session was revoked meanwhile (from another device): nothing was revoked.
      if (!(error instanceof SessionRevokedError)) throw error;
      await signOut(c);
      return c.redirect('/sign-in?notice=ended', 303);
    }
    return c.redirect('/devices?notice=others-revoked', 303);
  });

  app.post('/devices/revoke-all', async (c) => {
    const user = signedIn(c, ctx);
    if (user instanceof Response) return user;
    await signOut(c, { scope: 'everywhere' });
    return c.redirect('/sign-in?notice=everywhere', 303);
  });
}
