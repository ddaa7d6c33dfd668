import type { IncomingMessage, ServerResponse } from 'node:http';
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
import { type FakeServer, startFakeServer } from './support/fake-server.js';

const DID = 'did:plc:failuretest' as Did;
const SESSION_ID = generateSessionId(didBucket(DID));
const TOKEN = formatToken(SESSION_ID, 'A'.repeat(32));
const JTI = 'jti-secret-0123456789';

let backend: Backend;
let fake: FakeServer | undefined;

/** The URL of a fake server answering with `handler`, closed after the test. */
async function fakeServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  fake = await startFakeServer(handler);
  return fake.url;
}

function clientFor(url: string, token = 'any-token'): Redis {
  return new Redis({
    url,
    token,
    retry: false,
    enableTelemetry: false,
    // A factory, not a plain signal: the client then rejects on abort (see the README).
    signal: () => AbortSignal.timeout(300),
  });
}

function managerFor(url: string, token = 'any-token'): SessionManager {
  return new SessionManager({ storage: new UpstashStorage(clientFor(url, token)) });
}

/**
 * Runs the operations that carry a session id or a token id, and checks each rejection: a
 * `StorageError` whose message and cause hold no id, and whose cause's message matches
 * `why`.
 */
async function expectStorageErrors(sessions: SessionManager, why: RegExp): Promise<void> {
  const attempts = [
    sessions.getSession(TOKEN),
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
    expect(cause).toBeInstanceOf(Error);
    expect(cause.message).toMatch(why);
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
  await fake?.close();
  fake = undefined;
});

afterAll(async () => {
  await backend?.stop();
});

describe('failures reject with StorageError', () => {
  it('a wrong token (401 Unauthorized)', async () => {
    await expectStorageErrors(managerFor(backend.rest.url, 'wrong-token'), /Unauthorized/);
    await expect(managerFor(backend.rest.url, 'wrong').getSession(TOKEN)).rejects.toThrow(
      /Unauthorized/,
    );
  });

  it('a server answering 500 with a JSON error', async () => {
    const url = await fakeServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"ERR internal failure"}');
    });
    await expectStorageErrors(managerFor(url), /ERR internal failure/);
  });

  it('a server answering 500 with an HTML page', async () => {
    const url = await fakeServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html><body>Internal Server Error</body></html>');
    });
    await expectStorageErrors(managerFor(url), /Unable to parse response body/);
  });

  it('a reply that is not JSON', async () => {
    const url = await fakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('this is not json');
    });
    await expectStorageErrors(managerFor(url), /Unable to parse response body/);
  });

  it('a truncated reply quoting a session id (the id stays out of the error)', async () => {
    const url = await fakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`[{"result":"${SESSION_ID}`);
    });
    await expectStorageErrors(
      managerFor(url),
      /^UpstashJSONParseError: Unable to parse response body$/,
    );
  });

  it('a JSON reply without a result, or with an object for one', async () => {
    const url = await fakeServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Without base64 the client hands the object through; with it, an object decodes to null.
      res.end(req.headers['upstash-encoding'] ? '{}' : '{"result":{"a":1}}');
    });
    await expectStorageErrors(managerFor(url), /unreadable reply/);
  });

  it('a server that never answers (the client times out)', async () => {
    const url = await fakeServer(() => {
      // never answers
    });
    // What AbortSignal.timeout() rejects with: a DOMException, whose message is read-only.
    await expectStorageErrors(managerFor(url), /^TimeoutError: .*timeout/);
  });

  it('a server that is not there', async () => {
    const url = await fakeServer(() => {});
    await fake?.close();
    await expectStorageErrors(managerFor(url), /fetch failed \(.*ECONNREFUSED/);
  });

  it('a timed-out request fails every operation it carried, each with its own error', async () => {
    const url = await fakeServer(() => {});
    const sessions = managerFor(url);
    const results = await Promise.allSettled([
      sessions.getSession(TOKEN),
      sessions.isTokenRevoked(JTI),
      sessions.listSessions(DID),
    ]);
    const reasons = results.map((r) => (r as PromiseRejectedResult).reason as StorageError);
    for (const reason of reasons) {
      expect(reason).toBeInstanceOf(StorageError);
      expect(reason.message).toMatch(/TimeoutError/);
    }
    expect(new Set(reasons.map((r) => r.cause)).size).toBe(3);
  });

  it("a plain AbortSignal that fired (the client's empty result) is not read as no session", async () => {
    const client = new Redis({
      url: backend.rest.url,
      token: backend.rest.token,
      retry: false,
      enableTelemetry: false,
      signal: AbortSignal.abort(),
    });
    const sessions = new SessionManager({ storage: new UpstashStorage(client) });
    await expect(sessions.getSession(TOKEN)).rejects.toThrow(/unreadable reply/);
  });
});

describe("the client's errors are described, never changed", () => {
  // Errors as a middleware, a fetch or an older client may hand them over: read-only message.
  const frozen = Object.freeze(
    new Error(`ERR broken, command was: [["evalsha","x","1","${SESSION_ID}"]]`),
  );
  const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');

  it.each([
    { error: frozen, why: /^Error: ERR broken$/ },
    { error: timeout, why: /^TimeoutError: The operation was aborted due to timeout$/ },
  ])('$why', async ({ error, why }) => {
    const client = clientFor(backend.rest.url, backend.rest.token);
    client.use(() => Promise.reject(error));
    const before = { message: error.message, stack: error.stack };
    const failure = (await new SessionManager({ storage: new UpstashStorage(client) })
      .getSession(TOKEN)
      .catch((e: unknown) => e)) as StorageError;
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure.cause as Error).message).toMatch(why);
    expect(failure.cause).not.toBe(error);
    expect({ message: error.message, stack: error.stack }).toEqual(before);
  });
});
