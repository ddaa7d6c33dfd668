import { type Did, InvalidArgumentError } from '@coatcheck/core';
import type { FrameworkHarness, TestApp } from '@coatcheck/framework-tests';
import { Hono } from 'hono';
import {
  type HonoSessionOptions,
  rotateSession,
  sessionEnded,
  sessionMiddleware,
  signIn,
  signOut,
} from '../src/index.js';

/** The suite's routes on a Hono app. */
export function honoApp(options: HonoSessionOptions): Hono {
  const app = new Hono();
  app.use(sessionMiddleware(options));
  app.get('/session', (c) => c.json({ session: c.get('session') }));
  app.post('/sign-in', async (c) => {
    const deviceId = c.req.query('deviceId');
    const issued = await signIn(c, c.req.query('did') as Did, deviceId ? { deviceId } : {});
    return c.json({ id: issued.id });
  });
  app.post('/rotate', async (c) => c.json({ id: (await rotateSession(c))?.id ?? null }));
  app.post('/sign-out', async (c) => {
    const scope = c.req.query('scope') as 'device' | undefined;
    await signOut(c, scope ? { scope } : {});
    return c.json({ session: c.get('session') });
  });
  app.get('/ended', (c) => c.json({ ended: sessionEnded(c) }));
  app.post('/echo', (c) => c.json({ ok: true }));
  // Quiet: Hono's default handler logs every error, and the suite provokes many.
  app.onError((error, c) => c.text(error.name, error instanceof InvalidArgumentError ? 400 : 500));
  return app;
}

/** Runs requests through `app.request`, with the scheme in the URL. */
export const honoHarness: FrameworkHarness = {
  async start(options): Promise<TestApp> {
    const app = honoApp(options);
    return {
      request(path, init = {}) {
        const headers = new Headers(init.headers);
        if (init.cookie !== undefined) headers.set('cookie', init.cookie);
        const url = `${init.https ? 'https' : 'http'}://localhost${path}`;
        return Promise.resolve(app.request(url, { method: init.method ?? 'GET', headers }));
      },
      origin: (https) => `${https ? 'https' : 'http'}://localhost`,
      close: async () => {},
    };
  },
};
