import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Did,
  didBucket,
  formatToken,
  generateSessionId,
  SessionManager,
  StorageError,
} from '@coatcheck/core';
import { Redis } from '@upstash/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpstashStorage } from '../src/index.js';
import { type Backend, startBackend } from './support/backend.js';

const DID = 'did:plc:failuretest' as Did;
const SESSION_ID = generateSessionId(didBucket(DID));
const JTI = 'jti-secret-0123456789';

let backend: Backend;
let fake: Server | undefined;

/** A server on a free loopback port that answers every request with `handler`. */
async function fakeServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  fake = createServer(handler);
  await new Promise<void>((resolve) => fake!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
}

function managerFor(url: string, token = 'any-token'): SessionManager {
  const client = new Redis({
    url,
    token,
    retry: false,
    enableTelemetry: false,
    // A factory, not a plain signal: the client then rejects on abort (see the README).
    signal: () => AbortSignal.timeout(300),
  });
  return new SessionManager({ storage: new UpstashStorage(client) });
}

/** Runs the operations that carry a session id or a token id, and checks each rejection. */
async function expectStorageErrors(sessions: SessionManager): Promise<void> {
  const attempts = [
    sessions.getSession(formatToken(SESSION_ID, 'A'.repeat(32))),
    sessions.revokeSession(SESSION_ID),
    sessions.revokeToken(JTI, new Date(Date.now() + 60_000)),
    sessions.createSession(DID, { ipAddress: '127.0.0.1', userAgent: 'test' }),
  ];
  for (const attempt of attempts) {
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageError);
    const storageError = error as StorageError;
    expect(storageError.adapter).toBe('upstash');
    const cause = storageError.cause as Error;
    for (const text of [storageError.message, cause?.message ?? '', cause?.stack ?? '']) {
      expect(text).not.toContain(SESSION_ID);
      expect(text).not.toContain(SESSION_ID.slice(14).replaceAll('-', ''));
      expect(text).not.toContain(JTI);
    }
  }
}

beforeAll(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  const server = fake;
  fake = undefined;
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

afterAll(async () => {
  await backend?.stop();
});

describe('failures reject with StorageError', () => {
  it('a wrong token (401 Unauthorized)', async () => {
    await expectStorageErrors(managerFor(backend.rest.url, 'wrong-token'));
    await expect(
      managerFor(backend.rest.url, 'wrong').getSession(formatToken(SESSION_ID, 'A'.repeat(32))),
    ).rejects.toThrow(/Unauthorized/);
  });

  it('a server answering 500 with a JSON error', async () => {
    const url = await fakeServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"ERR internal failure"}');
    });
    await expectStorageErrors(managerFor(url));
  });

  it('a server answering 500 with an HTML page', async () => {
    const url = await fakeServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html><body>Internal Server Error</body></html>');
    });
    await expectStorageErrors(managerFor(url));
  });

  it('a reply that is not JSON', async () => {
    const url = await fakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('this is not json');
    });
    await expectStorageErrors(managerFor(url));
  });

  it('a JSON reply without a result, or with an object for one', async () => {
    const url = await fakeServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Without base64 the client hands the object through; with it, an object decodes to null.
      res.end(req.headers['upstash-encoding'] ? '{}' : '{"result":{"a":1}}');
    });
    await expectStorageErrors(managerFor(url));
  });

  it('a server that never answers (the client times out)', async () => {
    const url = await fakeServer(() => {
      // never answers
    });
    await expectStorageErrors(managerFor(url));
  });

  it('a server that is not there', async () => {
    const url = await fakeServer(() => {});
    const closing = fake!;
    fake = undefined;
    await new Promise((resolve) => closing.close(resolve));
    await expectStorageErrors(managerFor(url));
  });
});
