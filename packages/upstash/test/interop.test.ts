import { type Did, type Session, SessionManager, type SessionStorage } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstashStorage } from '../src/index.js';
import { type Backend, freshPrefix, startBackend } from './support/backend.js';

// Values the Upstash client would mangle if it JSON-parsed replies, and non-ASCII text.
const META = {
  ipAddress: '12345',
  userAgent: '["not","an","array"] 123 é🚀',
  deviceId: '007',
  scope: ['123', 'true', 'null', '{"a":1}', 'réad'],
};

let backend: Backend;
let clock: number;
let did: Did;
let storages: { ioredis: SessionStorage; upstash: SessionStorage };

function manager(storage: SessionStorage): SessionManager {
  return new SessionManager({
    storage,
    now: () => clock,
    config: { sessionExpirationSeconds: 3600, touchIntervalSeconds: 60, maxSessionsPerUser: 5 },
  });
}

/** The session's fields, without what only one call returns (the token, `fresh`). */
function fields(session: object | null): object | null {
  if (session === null) return null;
  const { token: _token, fresh: _fresh, ...rest } = session as Record<string, unknown>;
  return rest;
}

beforeAll(async () => {
  backend = await startBackend();
});

afterAll(async () => {
  await backend?.stop();
});

beforeEach(() => {
  clock = Date.now();
  did = `did:plc:${freshPrefix().slice(1, 9)}` as Did;
  const keyPrefix = freshPrefix();
  storages = {
    ioredis: new IoRedisStorage(backend.io, { keyPrefix }),
    upstash: new UpstashStorage(backend.upstash(), { keyPrefix }),
  };
});

describe.each([
  { writer: 'ioredis', reader: 'upstash' },
  { writer: 'upstash', reader: 'ioredis' },
] as const)('sessions written through $writer, used through $reader', ({ writer, reader }) => {
  it('are read with identical fields, slid, listed and revoked', async () => {
    const w = manager(storages[writer]);
    const r = manager(storages[reader]);
    const created = await w.createSession(did, META);
    expect(fields(await r.getSession(created.token))).toEqual(fields(created));

    clock += 120_000;
    const slid = (await r.getSession(created.token)) as Session;
    expect(slid.lastActivity.getTime()).toBe(clock);
    expect(slid.expiresAt.getTime()).toBe(clock + 3_600_000);
    expect(fields(await w.getSession(created.token))).toEqual(fields(slid));
    expect(await r.listSessions(did)).toEqual([fields(slid)]);
    expect(await w.listSessions(did)).toEqual([fields(slid)]);

    await r.updateSession(created.id, { scope: ['["x"]', '42'] });
    expect((await w.getSession(created.token))?.scope).toEqual(['["x"]', '42']);

    await r.revokeSession(created.id);
    expect(await w.getSession(created.token)).toBeNull();
    expect(await w.listSessions(did)).toEqual([]);
  });

  it('are rotated, revoked together and blacklist tokens across adapters', async () => {
    const w = manager(storages[writer]);
    const r = manager(storages[reader]);
    const first = await w.createSession(did, META);
    const second = await w.createSession(did, { ...META, deviceId: 'other' });
    const rotated = await r.rotateSession(first.id);
    expect(await w.getSession(first.token)).toBeNull();
    expect(fields(await w.getSession(rotated.token))).toEqual(fields(rotated));
    expect(rotated).toMatchObject({ did, createdAt: first.createdAt, scope: META.scope });

    await r.revokeOtherSessions(did, rotated.id);
    expect(await w.getSession(second.token)).toBeNull();
    await r.revokeAllSessions(did);
    expect(await w.listSessions(did)).toEqual([]);

    await w.revokeToken('jti-123', new Date(clock + 60_000));
    expect(await r.isTokenRevoked('jti-123')).toBe(true);
    expect(await r.isTokenRevoked('jti-other')).toBe(false);
  });
});
