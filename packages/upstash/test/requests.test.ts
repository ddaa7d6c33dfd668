import { type Did, didBucket, generateSessionId, SessionManager } from '@coatcheck/core';
import { UPSTASH_SCRIPTS } from '@coatcheck/redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstashStorage } from '../src/index.js';
import { type Backend, freshPrefix, startBackend } from './support/backend.js';

const META = { ipAddress: '203.0.113.7', userAgent: 'test-agent', scope: ['read'] };

let backend: Backend;
let sessions: SessionManager;
let did: Did;
let clock: number;

beforeAll(async () => {
  backend = await startBackend();
});

afterAll(async () => {
  await backend?.stop();
});

beforeEach(async () => {
  clock = Date.now();
  did = `did:plc:${freshPrefix().slice(1, 9)}` as Did;
  sessions = new SessionManager({
    storage: new UpstashStorage(backend.upstash(), { keyPrefix: freshPrefix() }),
    now: () => clock,
    config: { maxSessionsPerUser: 2, sessionExpirationSeconds: 3600, touchIntervalSeconds: 60 },
  });
  // Loaded through the dev server, which keeps Upstash's flags off the copy Redis runs.
  const loader = backend.upstash();
  for (const script of Object.values(UPSTASH_SCRIPTS)) await loader.scriptLoad(script.script);
  backend.rest.resetCount();
});

/** The commands of each request the dev server received while `step` ran. */
async function requestsOf(step: () => Promise<unknown>): Promise<string[][]> {
  backend.rest.resetCount();
  await step();
  return backend.rest.requests().map((request) => [...request.commands]);
}

describe('HTTP requests per operation (scripts loaded)', () => {
  it('is exactly one EVALSHA request for every public operation', async () => {
    const a = await sessions.createSession(did, META);
    const b = await sessions.createSession(did, META);
    const ONE = [['evalsha']];
    // The third create evicts the oldest: still one request.
    expect(await requestsOf(() => sessions.createSession(did, META))).toEqual(ONE);
    const c = await sessions.createSession(did, META);
    expect(await requestsOf(() => sessions.getSession(c.token))).toEqual(ONE);
    clock += 120_000;
    expect(await requestsOf(() => sessions.getSession(c.token))).toEqual(ONE); // slides
    expect(await requestsOf(() => sessions.updateSession(c.id, { scope: ['x'] }))).toEqual(ONE);
    expect(await requestsOf(() => sessions.listSessions(did))).toEqual(ONE);
    let rotated = c;
    expect(
      await requestsOf(async () => {
        rotated = await sessions.rotateSession(c.id);
      }),
    ).toEqual(ONE);
    expect(await requestsOf(() => sessions.revokeOtherSessions(did, rotated.id))).toEqual(ONE);
    expect(await requestsOf(() => sessions.revokeSession(rotated.id))).toEqual(ONE);
    expect(await requestsOf(() => sessions.revokeAllSessions(did))).toEqual(ONE);
    const expires = new Date(clock + 60_000);
    expect(await requestsOf(() => sessions.revokeToken('jti-1', expires))).toEqual(ONE);
    expect(await requestsOf(() => sessions.isTokenRevoked('jti-1'))).toEqual(ONE);
    expect([a.id, b.id]).not.toContain(rotated.id);
  });

  it('sends nothing for an id that is not well formed', async () => {
    expect(await requestsOf(() => sessions.getSession('not-a-session-id'))).toEqual([]);
  });

  it('after SCRIPT FLUSH, spends one extra request (EVAL) per script, then one again', async () => {
    const created = await sessions.createSession(did, META);
    await backend.io.script('FLUSH');
    expect(await requestsOf(() => sessions.getSession(created.token))).toEqual([
      ['evalsha'],
      ['eval'],
    ]);
    expect(await requestsOf(() => sessions.getSession(created.token))).toEqual([['evalsha']]);
    expect(await requestsOf(() => sessions.listSessions(did))).toEqual([['evalsha'], ['eval']]);
    expect((await sessions.listSessions(did)).map((s) => s.id)).toEqual([created.id]);
  });

  it('never resends after an error that is not NOSCRIPT', async () => {
    const storage = new UpstashStorage(backend.upstash(), { keyPrefix: freshPrefix() });
    const manager = new SessionManager({ storage });
    // A user key of the wrong type makes the script fail inside Redis.
    await backend.io.set(storage.keys.user(did), 'not a hash', 'EX', 60);
    backend.rest.resetCount();
    await expect(manager.listSessions(did)).rejects.toMatchObject({ name: 'StorageError' });
    await expect(manager.revokeSession(generateSessionId(didBucket(did)))).rejects.toMatchObject({
      name: 'StorageError',
    });
    expect(backend.rest.requests().map((r) => r.commands)).toEqual([['evalsha'], ['evalsha']]);
  });
});
