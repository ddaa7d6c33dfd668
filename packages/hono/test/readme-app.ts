import { type Did, SessionManager } from '@coatcheck/core';
import { sessionMiddleware, signIn, signOut } from '@coatcheck/hono';
import { MemoryStorage } from '@coatcheck/memory';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const sessions = new SessionManager({ storage: new MemoryStorage() });
const users: Record<string, Did> = { alice: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz' }; // your sign-in here
const app = new Hono().use(sessionMiddleware({ sessions }));
app.post('/sign-in', async (c) => {
  const did = users[String((await c.req.parseBody()).user)];
  if (!did) return c.text('Unknown user', 401);
  await signIn(c, did);
  return c.redirect('/devices', 303);
});
app.get('/devices', async (c) => {
  const session = c.get('session'); // public ids only: tokens stay in the cookie
  return session ? c.json(await sessions.listSessions(session.did)) : c.redirect('/', 303);
});
app.post('/devices/:id/revoke', async (c) => {
  const session = c.get('session');
  if (session) await sessions.revokeSession(c.req.param('id'), { did: session.did });
  return c.redirect('/devices', 303);
});
app.post('/sign-out-everywhere', async (c) => {
  await signOut(c, { scope: 'everywhere' });
  return c.redirect('/', 303);
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT ?? 3000) });
