// @vitest-environment edge-runtime
import { type Did, SessionManager } from '@coatcheck/core';
import { Redis } from '@upstash/redis/cloudflare';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { UpstashStorage } from '../src/index.js';
import { type Backend, freshPrefix, startBackend } from './support/backend.js';
import { startFakeServer } from './support/fake-server.js';

let backend: Backend;

beforeAll(async () => {
  backend = await startBackend();
});

afterAll(async () => {
  await backend?.stop();
});

it('runs in the edge runtime environment (its fetch, Web Crypto)', () => {
  // The environment swaps in the edge runtime's globals; this fails if it silently did not.
  expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('string');
});

it('creates, gets, lists and revokes sessions through the REST server', async () => {
  const redis = new Redis({ url: backend.rest.url, token: backend.rest.token, retry: false });
  const sessions = new SessionManager({
    storage: new UpstashStorage(redis, { keyPrefix: freshPrefix() }),
  });
  const did = `did:plc:${freshPrefix().slice(1, 9)}` as Did;
  const created = await sessions.createSession(did, {
    ipAddress: '198.51.100.4',
    userAgent: 'edge-test',
    scope: ['read'],
  });
  const { token: _token, ...session } = created;
  expect(await sessions.getSession(created.token)).toEqual({ ...session, fresh: false });
  expect(await sessions.listSessions(did)).toEqual([session]);
  await sessions.revokeSession(created.id);
  expect(await sessions.getSession(created.token)).toBeNull();
  expect(await sessions.listSessions(did)).toEqual([]);
});

it("rejects a timed-out request (the runtime's DOMException) with StorageError saying so", async () => {
  const silent = await startFakeServer(() => {
    // never answers
  });
  try {
    const redis = new Redis({
      url: silent.url,
      token: 'edge-token',
      retry: false,
      signal: () => AbortSignal.timeout(200),
    });
    const sessions = new SessionManager({ storage: new UpstashStorage(redis) });
    const error = (await sessions.isTokenRevoked('jti-edge').catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ name: 'StorageError' });
    expect((error.cause as Error).message).toMatch(/^TimeoutError: .*timeout/);
  } finally {
    await silent.close();
  }
});
