import { SessionRevokedError } from '@coatcheck/core';
import type { Hono } from 'hono';
import type { AppContext } from './app.js';
import type { AppEnv } from './app-env.js';
import { describeDevice } from './device-name.js';
import { formField, signedIn } from './guard.js';
import { constantTimeEqual } from './secrets.js';
import { type DeviceRow, devicesPage } from './views/devices-page.js';

/** "Your devices" and the three ways to sign devices out. */
export function registerDeviceRoutes(app: Hono<AppEnv>, ctx: AppContext): void {
  const { sessions, secrets } = ctx;

  app.get('/devices', async (c) => {
    const user = await signedIn(c, ctx);
    if (user instanceof Response) return user;
    const list = await sessions.listSessions(user.session.did);
    const devices: DeviceRow[] = await Promise.all(
      list.map(async (session) => {
        const current = session.id === user.session.id;
        // The current session's lastActivity was just slid by getSession; the list may predate it.
        const shown = current ? user.session : session;
        return {
          handle: await secrets.deviceHandle(session.id),
          ...describeDevice(session.userAgent),
          ipAddress: session.ipAddress,
          createdAt: session.createdAt,
          lastActivity: shown.lastActivity,
          current,
        };
      }),
    );
    return c.html(
      devicesPage({
        backend: ctx.backend,
        account: user.account,
        csrfToken: user.csrfToken,
        devices,
        now: Date.now(),
        noticeCode: c.req.query('notice'),
      }),
    );
  });

  app.post('/devices/revoke', async (c) => {
    const user = await signedIn(c, ctx);
    if (user instanceof Response) return user;
    const handle = await formField(c, 'device');
    // The page names devices by a keyed hash, so their session ids never reach the browser.
    let target: string | undefined;
    for (const session of await sessions.listSessions(user.session.did)) {
      if (session.id === user.session.id) continue;
      if (constantTimeEqual(await secrets.deviceHandle(session.id), handle)) target = session.id;
    }
    if (!target) return c.redirect('/devices?notice=device-gone', 303);
    await sessions.revokeSession(target);
    return c.redirect('/devices?notice=device-revoked', 303);
  });

  app.post('/devices/revoke-others', async (c) => {
    const user = await signedIn(c, ctx);
    if (user instanceof Response) return user;
    try {
      await sessions.revokeOtherSessions(user.session.did, user.session.id);
    } catch (error) {
      // This very session was revoked meanwhile (from another device): nothing was revoked.
      if (!(error instanceof SessionRevokedError)) throw error;
      ctx.clearCookie(c);
      return c.redirect('/sign-in?notice=ended', 303);
    }
    return c.redirect('/devices?notice=others-revoked', 303);
  });

  app.post('/devices/revoke-all', async (c) => {
    const user = await signedIn(c, ctx);
    if (user instanceof Response) return user;
    await sessions.revokeAllSessions(user.session.did);
    ctx.clearCookie(c);
    return c.redirect('/sign-in?notice=everywhere', 303);
  });
}
