import { type Did, SessionManager } from '@coatcheck/core';
import { sessionErrorHandler, sessionMiddleware, signIn, signOut } from '@coatcheck/express';
import { MemoryStorage } from '@coatcheck/memory';
import express from 'express';

const sessions = new SessionManager({ storage: new MemoryStorage() });
const users: Record<string, Did> = { alice: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz' }; // your sign-in here
const app = express().use(express.urlencoded({ extended: false }), sessionMiddleware({ sessions }));
app.post('/sign-in', async (req, res) => {
  const did = users[String(req.body.user)];
  if (!did) return void res.status(401).send('Unknown user');
  await signIn(req, res, did);
  res.redirect(303, '/devices');
});
app.get('/devices', async (req, res) => {
  if (!req.session) return res.redirect(303, '/'); // public ids only: tokens stay in the cookie
  res.json(await sessions.listSessions(req.session.did));
});
app.post('/devices/:id/revoke', async (req, res) => {
  if (req.session) await sessions.revokeSession(req.params.id, { did: req.session.did });
  res.redirect(303, '/devices');
});
app.post('/sign-out-everywhere', async (req, res) => {
  await signOut(req, res, { scope: 'everywhere' });
  res.redirect(303, '/');
});
app.use(sessionErrorHandler());
export const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
