import { SessionManager } from '@coatcheck/core';
import { setCookies, switchableStorage } from '@coatcheck/framework-tests';
import express from 'express';
import { afterEach, expect, it } from 'vitest';
import { sessionMiddleware, signIn } from '../src/index.js';

let close: (() => void) | undefined;
afterEach(() => close?.());

it('answers 503 on a failed read by itself, without sessionErrorHandler, and keeps the cookie', async () => {
  const store = switchableStorage();
  const sessions = new SessionManager({ storage: store.storage });
  const app = express();
  app.use(sessionMiddleware({ sessions }));
  app.post('/sign-in', async (req, res) => {
    await signIn(req, res, 'did:plc:withouthandler');
    res.end();
  });
  app.get('/', (_req, res) => {
    res.send('ok');
  });
  const server = app.listen(0, '127.0.0.1');
  close = () => server.close();
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const signedIn = await fetch(`${base}/sign-in`, { method: 'POST' });
  const [cookie] = signedIn.headers.getSetCookie();
  store.failing = true;
  const response = await fetch(base, { headers: { cookie: cookie!.split(';')[0]! } });
  expect(response.status).toBe(503);
  expect(setCookies(response)).toEqual([]);
});
