import type { AddressInfo } from 'node:net';
import { SessionManager } from '@coatcheck/core';
import { MemoryStorage } from '@coatcheck/memory';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { honoApp } from './hono-harness.js';
import { walkApp } from './walk-app.js';

const sessions = new SessionManager({ storage: new MemoryStorage() });
let server: ServerType;
let url: string;

beforeAll(async () => {
  const app = honoApp({ sessions });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

it('runs on @hono/node-server over real HTTP', async () => {
  await walkApp((path, init = {}) => fetch(`${url}${path}`, { ...init, redirect: 'manual' }), url);
});

it('records the socket peer address as the client IP by default on Node', async () => {
  const did = 'did:plc:nodepeer';
  await fetch(`${url}/sign-in?did=${did}`, { method: 'POST', headers: { 'user-agent': 'n/1' } });
  const [stored] = await sessions.listSessions(did);
  expect(stored).toMatchObject({ ipAddress: '127.0.0.1', userAgent: 'n/1' });
});
