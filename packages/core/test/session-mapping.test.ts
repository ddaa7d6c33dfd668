// What the manager returns: fresh, frozen Session objects with Date fields, built from the
// storage records (epoch milliseconds).
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type Did,
  didBucket,
  generateSessionId,
  hashSecret,
  type Session,
  SessionManager,
  sessionIdBucket,
} from '../src/index.js';
import type { SessionRecord } from '../src/storage.js';
import { makeRecord, RecordingStorage, tokenFor } from './support/recording-storage.js';

const DID: Did = 'did:plc:abc123';

let storage: RecordingStorage;
let manager: SessionManager;
let id: string;
let record: SessionRecord;

beforeEach(() => {
  storage = new RecordingStorage();
  manager = new SessionManager({ storage });
  id = generateSessionId(didBucket(DID));
  record = makeRecord(id, DID, {
    createdAt: 1_700_000_000_000,
    lastActivity: 1_700_000_060_000,
    expiresAt: 1_702_592_060_000,
    deviceId: 'phone-1',
    scope: ['read', 'write'],
  });
});

function expectSessionOf(session: Session | null | undefined, from: SessionRecord): void {
  expect(session).not.toBeNull();
  const s = session as Session;
  expect(Object.isFrozen(s)).toBe(true);
  expect(Object.isFrozen(s.scope)).toBe(true);
  for (const field of ['createdAt', 'expiresAt', 'lastActivity'] as const) {
    expect(s[field]).toBeInstanceOf(Date);
    expect(s[field].getTime()).toBe(from[field]);
  }
  expect(s.id).toBe(from.id);
  expect(s.did).toBe(from.did);
  expect(s.ipAddress).toBe(from.ipAddress);
  expect(s.userAgent).toBe(from.userAgent);
  expect(s.scope).toEqual(from.scope);
  // Shared only when the storage's own array is frozen: a caller can never change storage.
  if (s.scope === from.scope) expect(Object.isFrozen(from.scope)).toBe(true);
  if (from.deviceId === undefined) expect('deviceId' in s).toBe(false);
  else expect(s.deviceId).toBe(from.deviceId);
  expect(s.revoked).toBeUndefined();
}

describe('getSession', () => {
  it('maps the stored record to a frozen Session with Dates', async () => {
    storage.answers.get = () => record;
    expectSessionOf(await manager.getSession(tokenFor(id)), record);
  });

  it('leaves deviceId out when the record has none', async () => {
    const { deviceId: _, ...withoutDevice } = record;
    storage.answers.get = () => withoutDevice;
    expectSessionOf(await manager.getSession(tokenFor(id)), withoutDevice);
  });

  it('returns a fresh object on every call, so no caller can change another caller’s view', async () => {
    storage.answers.get = () => record;
    const a = await manager.getSession(tokenFor(id));
    const b = await manager.getSession(tokenFor(id));
    expect(a).not.toBe(b);
    expect(a?.expiresAt).not.toBe(b?.expiresAt);
    expect(() => {
      (a as { did: string }).did = 'did:plc:mallory';
    }).toThrow(TypeError);
    expect(b?.did).toBe(DID);
  });

  it('returns null when the storage has nothing', async () => {
    expect(await manager.getSession(tokenFor(id))).toBeNull();
    expect(storage.callsOf('get')).toHaveLength(1);
  });
});

describe('listSessions, rotateSession and createSession return Sessions too', () => {
  it('listSessions keeps the storage order in a frozen array of frozen Sessions', async () => {
    const older = makeRecord(generateSessionId(didBucket(DID)), DID, { createdAt: 1 });
    storage.answers.list = () => [record, older];
    const sessions = await manager.listSessions(DID);
    expect(Object.isFrozen(sessions)).toBe(true);
    expect(sessions).toHaveLength(2);
    expectSessionOf(sessions[0], record);
    expectSessionOf(sessions[1], older);
  });

  it('rotateSession maps the new record', async () => {
    storage.answers.rotate = (_old, newId) => ({ ...record, id: newId });
    const rotated = await manager.rotateSession(id);
    const [, newId, newHash] = storage.argsOf('rotate') as [string, string, string];
    expect(newId).not.toBe(id);
    expect(sessionIdBucket(newId)).toBe(didBucket(DID));
    expect(rotated.token.startsWith(`${newId}.`)).toBe(true);
    expect(newHash).toBe(hashSecret(rotated.token.slice(37)));
    expectSessionOf(rotated, { ...record, id: newId });
  });

  it('createSession returns the record it stored', async () => {
    const session = await manager.createSession(DID, {
      ipAddress: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      deviceId: 'phone-1',
      scope: ['read', 'write'],
    });
    expectSessionOf(session, storage.callsOf('create')[0]?.args[0] as SessionRecord);
  });
});
