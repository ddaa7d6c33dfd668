import {
  type Did,
  type IssuedSession,
  type Session,
  SessionManager,
  StorageError,
} from '@coatcheck/core';
import { UPSTASH_SCRIPTS } from '@coatcheck/redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstashStorage } from '../src/index.js';
import { MAX_BATCH_COMMANDS, MAX_WAIT_TURNS, QUIET_TURNS } from '../src/pipeline-batcher.js';
import { type Backend, freshPrefix, startBackend } from './support/backend.js';

const META = { ipAddress: '203.0.113.7', userAgent: 'batch-test', scope: ['read'] };

let backend: Backend;
let storage: UpstashStorage;
let sessions: SessionManager;

const freshDid = () => `did:plc:${freshPrefix().slice(1, 9)}` as Did;

/** What the dev server received while `step` ran: path and command names of each request. */
async function requestsOf(step: () => Promise<unknown>) {
  backend.rest.resetCount();
  await step();
  return backend.rest.requests().map(({ path, commands }) => ({ path, commands: [...commands] }));
}

const times = (n: number, name: string) => Array.from({ length: n }, () => name);

/** A session's shared fields: the token (create) and `fresh` (get) left out. */
function fields(session: Session | null): Omit<Session, 'revoked'> | null {
  if (session === null) return null;
  const {
    token: _token,
    fresh: _fresh,
    ...rest
  } = session as Session & {
    token?: string;
    fresh?: boolean;
  };
  return rest;
}

/** Loaded through the dev server, which keeps Upstash's flags off the copy Redis runs. */
async function loadScripts(): Promise<void> {
  const loader = backend.upstash();
  for (const script of Object.values(UPSTASH_SCRIPTS)) await loader.scriptLoad(script.script);
}

beforeAll(async () => {
  backend = await startBackend();
});

afterAll(async () => {
  await backend?.stop();
});

beforeEach(async () => {
  storage = new UpstashStorage(backend.upstash(), { keyPrefix: freshPrefix() });
  sessions = new SessionManager({ storage });
  await loadScripts();
});

/** Sessions of distinct users, created one at a time. */
async function created(n: number): Promise<IssuedSession[]> {
  const list: IssuedSession[] = [];
  for (let i = 0; i < n; i++) list.push(await sessions.createSession(freshDid(), META));
  return list;
}

describe('concurrent operations share HTTP requests', () => {
  it('sends 40 concurrent reads as one pipeline, each getting its own session', async () => {
    const stored = await created(40);
    let read: (Session | null)[] = [];
    const requests = await requestsOf(async () => {
      read = await Promise.all(stored.map((s) => sessions.getSession(s.token)));
    });
    expect(requests).toEqual([{ path: '/pipeline', commands: times(40, 'evalsha') }]);
    expect(read.map(fields)).toEqual(stored.map(fields));
  });

  it('batches different operations together, each answered with its own reply', async () => {
    const [a, b] = await created(2);
    const did = freshDid();
    await sessions.revokeToken('jti-batched', new Date(Date.now() + 60_000));
    let outcome: unknown[] = [];
    const requests = await requestsOf(async () => {
      outcome = await Promise.all([
        sessions.getSession(a!.token),
        sessions.createSession(did, META),
        sessions.listSessions(a!.did),
        sessions.isTokenRevoked('jti-batched'),
        sessions.isTokenRevoked('jti-other'),
        sessions.revokeSession(b!.id),
      ]);
    });
    expect(requests).toEqual([{ path: '/pipeline', commands: times(6, 'evalsha') }]);
    const [got, made, listed, revoked, other] = outcome as [
      Session,
      Session,
      Session[],
      boolean,
      boolean,
    ];
    expect(fields(got)).toEqual(fields(a!));
    expect(made.did).toBe(did);
    expect(listed).toEqual([fields(a!)]);
    expect([revoked, other]).toEqual([true, false]);
    expect(await sessions.getSession(b!.token)).toBeNull();
  });

  it('costs a lone operation one request, and operations one event-loop turn apart one each', async () => {
    const [a] = await created(1);
    expect(await requestsOf(() => sessions.getSession(a!.token))).toEqual([
      { path: '/pipeline', commands: ['evalsha'] },
    ]);
    const requests = await requestsOf(async () => {
      const first = sessions.getSession(a!.token);
      // No timer holds a batch: what starts after the event loop moved on goes apart.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await Promise.all([first, sessions.getSession(a!.token)]);
    });
    expect(requests).toHaveLength(2);
  });

  it(`batches operations fewer than ${QUIET_TURNS} microtask turns apart`, async () => {
    const [a] = await created(1);
    const requests = await requestsOf(async () => {
      const first = sessions.getSession(a!.token);
      for (let i = 0; i < QUIET_TURNS - 1; i++) await Promise.resolve();
      await Promise.all([first, sessions.isTokenRevoked('jti-x')]);
    });
    expect(requests).toEqual([{ path: '/pipeline', commands: times(2, 'evalsha') }]);
  });

  it(`holds no batch longer than ${MAX_WAIT_TURNS} turns, however many commands keep coming`, async () => {
    const requests = await requestsOf(async () => {
      const pending: Promise<boolean>[] = [];
      for (let i = 0; i < 2 * MAX_WAIT_TURNS; i++) {
        pending.push(sessions.isTokenRevoked(`jti-${i}`));
        await Promise.resolve();
      }
      await Promise.all(pending);
    });
    expect(requests.length).toBeGreaterThan(1);
    expect(requests[0]!.commands.length).toBeLessThanOrEqual(MAX_WAIT_TURNS + 1);
  });

  it(`sends at most ${MAX_BATCH_COMMANDS} commands per request`, async () => {
    const count = 2 * MAX_BATCH_COMMANDS + 10;
    const requests = await requestsOf(() =>
      Promise.all(Array.from({ length: count }, (_, i) => sessions.isTokenRevoked(`jti-${i}`))),
    );
    expect(requests.map((r) => r.commands.length)).toEqual([
      MAX_BATCH_COMMANDS,
      MAX_BATCH_COMMANDS,
      10,
    ]);
  });

  it('shares requests between storages on one client', async () => {
    const client = backend.upstash();
    const one = new SessionManager({ storage: new UpstashStorage(client) });
    const two = new SessionManager({ storage: new UpstashStorage(client, { keyPrefix: 'o:' }) });
    const requests = await requestsOf(() =>
      Promise.all([one.isTokenRevoked('a'), two.isTokenRevoked('b')]),
    );
    expect(requests).toHaveLength(1);
  });
});

describe('a batch fails operation by operation', () => {
  it('rejects only the script Redis refused; the others succeed, nothing is resent', async () => {
    const stored = await created(3);
    const broken = freshDid();
    // A user key of the wrong type makes that user's script fail inside Redis.
    await backend.io.set(storage.keys.user(broken), 'not a hash', 'EX', 60);
    let results: PromiseSettledResult<unknown>[] = [];
    const requests = await requestsOf(async () => {
      results = await Promise.allSettled([
        ...stored.map((s) => sessions.getSession(s.token)),
        sessions.listSessions(broken),
        sessions.createSession(freshDid(), META),
      ]);
    });
    expect(requests).toEqual([{ path: '/pipeline', commands: times(5, 'evalsha') }]);
    expect(results.slice(0, 3).map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(
      results.slice(0, 3).map((r) => fields((r as PromiseFulfilledResult<Session>).value)),
    ).toEqual(stored.map(fields));
    const failed = results[3] as PromiseRejectedResult;
    expect(failed.status).toBe('rejected');
    expect(failed.reason).toBeInstanceOf(StorageError);
    expect((failed.reason as StorageError).cause).toMatchObject({ name: 'RedisReplyError' });
    expect((failed.reason as Error).message).toMatch(/WRONGTYPE|wrong kind/i);
    expect(results[4]).toMatchObject({ status: 'fulfilled', value: { did: expect.any(String) } });
  });

  it('after SCRIPT FLUSH, resends as EVAL only the scripts Redis lacks, in one request', async () => {
    const stored = await created(3);
    await backend.io.script('FLUSH');
    // Only the get script is back: the batch's list and token scripts still lack theirs.
    await backend.upstash().scriptLoad(UPSTASH_SCRIPTS.get.script);
    let results: unknown[] = [];
    const requests = await requestsOf(async () => {
      results = await Promise.all([
        ...stored.map((s) => sessions.getSession(s.token)),
        sessions.listSessions(stored[0]!.did),
        sessions.isTokenRevoked('jti-none'),
      ]);
    });
    expect(requests).toEqual([
      { path: '/pipeline', commands: times(5, 'evalsha') },
      { path: '/pipeline', commands: ['eval', 'eval'] },
    ]);
    expect(
      results.map((r) =>
        Array.isArray(r) ? r.map(fields) : typeof r === 'object' ? fields(r as Session) : r,
      ),
    ).toEqual([...stored.map(fields), [fields(stored[0]!)], false]);
    expect(await requestsOf(() => sessions.listSessions(stored[1]!.did))).toEqual([
      { path: '/pipeline', commands: ['evalsha'] },
    ]);
  });
});
