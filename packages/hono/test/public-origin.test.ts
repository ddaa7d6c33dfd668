import { SessionManager } from '@coatcheck/core';
import { onlyCookie } from '@coatcheck/framework-tests';
import { MemoryStorage } from '@coatcheck/memory';
import { expect, it } from 'vitest';
import { honoApp } from './hono-harness.js';

// Behind a TLS-terminating proxy the app sees http://internal:8080; the browser sees HTTPS.
const app = honoApp({
  sessions: new SessionManager({ storage: new MemoryStorage() }),
  publicOrigin: (c) =>
    c.req.header('x-forwarded-proto') === 'https'
      ? 'https://app.example'
      : new URL(c.req.url).origin,
});

it('takes Secure, the __Host- prefix and the CSRF origin from publicOrigin', async () => {
  const headers = { 'x-forwarded-proto': 'https', origin: 'https://app.example' };
  const response = await app.request('http://internal:8080/sign-in?did=did:plc:proxied', {
    method: 'POST',
    headers,
  });
  expect(response.status).toBe(200);
  const cookie = onlyCookie(response);
  expect(cookie.name).toBe('__Host-coatcheck_session');
  expect(cookie.attributes.get('secure')).toBe(true);
  const internal = await app.request('http://internal:8080/echo', {
    method: 'POST',
    headers: { 'x-forwarded-proto': 'https', origin: 'http://internal:8080' },
  });
  expect(internal.status).toBe(403);
});
