// docs/design.md, "Input limits", rows `ipAddress`, `userAgent`, `deviceId` and `scope`, at both sides
// of each boundary; the rejected side never reaches the storage.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type Did,
  didBucket,
  generateSessionId,
  LIMITS,
  SessionManager,
  type SessionMetadata,
} from '../src/index.js';
import type { SessionRecord } from '../src/storage.js';
import { expectInvalid } from './support/expect-invalid.js';
import { RecordingStorage } from './support/recording-storage.js';

const DID: Did = 'did:plc:abc123';
const IP = '203.0.113.7';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0';

let storage: RecordingStorage;
let manager: SessionManager;

beforeEach(() => {
  storage = new RecordingStorage();
  manager = new SessionManager({ storage, now: () => 1_000_000 });
});

function create(metadata: unknown) {
  return manager.createSession(DID, metadata as SessionMetadata);
}

function storedRecord(): SessionRecord {
  const [call] = storage.callsOf('create');
  if (!call) throw new Error('no create call');
  return call.args[0] as SessionRecord;
}

it('the limits are those of the contract', () => {
  expect(LIMITS).toEqual({
    did: 2048,
    ipAddress: 64,
    userAgent: 1024,
    deviceId: 256,
    scopeEntries: 64,
    scopeEntry: 256,
    jti: 256,
  });
});

describe('metadata', () => {
  it('must be an object', async () => {
    for (const metadata of [null, undefined, 'x', 42, [IP, UA]]) {
      await expectInvalid(() => create(metadata), 'metadata');
    }
    expect(storage.calls).toEqual([]);
  });
});

describe('ipAddress: string, at most 64 characters', () => {
  it('accepts 64 characters', async () => {
    const ip = 'f'.repeat(64);
    const session = await create({ ipAddress: ip, userAgent: UA });
    expect(session.ipAddress).toBe(ip);
    expect(storedRecord().ipAddress).toBe(ip);
  });

  it('refuses 65 characters and non-strings without a storage call', async () => {
    for (const ipAddress of [
      'f'.repeat(65),
      'f'.repeat(10_000),
      203,
      null,
      undefined,
      ['1.2.3.4'],
    ]) {
      await expectInvalid(() => create({ ipAddress, userAgent: UA }), 'metadata.ipAddress');
    }
    expect(storage.calls).toEqual([]);
  });
});

describe('userAgent: string; longer than 1024 characters is cut to 1024', () => {
  it('keeps 1024 characters whole', async () => {
    const userAgent = 'u'.repeat(1024);
    const session = await create({ ipAddress: IP, userAgent });
    expect(session.userAgent).toBe(userAgent);
    expect(storedRecord().userAgent).toBe(userAgent);
  });

  it('cuts 1025 and more to the first 1024', async () => {
    const userAgent = `${'u'.repeat(1024)}X${'v'.repeat(5000)}`;
    const session = await create({ ipAddress: IP, userAgent });
    expect(session.userAgent).toBe('u'.repeat(1024));
    expect(storedRecord().userAgent).toBe('u'.repeat(1024));
  });

  it('refuses non-strings without a storage call', async () => {
    for (const userAgent of [undefined, null, 42, { toString: () => UA }]) {
      await expectInvalid(() => create({ ipAddress: IP, userAgent }), 'metadata.userAgent');
    }
    expect(storage.calls).toEqual([]);
  });
});

describe('deviceId: string, at most 256 characters', () => {
  it('accepts 256 characters', async () => {
    const deviceId = 'd'.repeat(256);
    const session = await create({ ipAddress: IP, userAgent: UA, deviceId });
    expect(session.deviceId).toBe(deviceId);
    expect(storedRecord().deviceId).toBe(deviceId);
  });

  it('is absent, not undefined, when not given', async () => {
    const session = await create({ ipAddress: IP, userAgent: UA });
    expect('deviceId' in session).toBe(false);
    expect('deviceId' in storedRecord()).toBe(false);
  });

  it('refuses 257 characters and non-strings without a storage call', async () => {
    for (const deviceId of ['d'.repeat(257), 7, null, ['phone']]) {
      await expectInvalid(
        () => create({ ipAddress: IP, userAgent: UA, deviceId }),
        'metadata.deviceId',
      );
    }
    expect(storage.calls).toEqual([]);
  });
});

describe('scope: array of at most 64 strings of at most 256 characters', () => {
  const entries = (n: number) => Array.from({ length: n }, (_, i) => `scope-${i}`);

  it('accepts 64 entries of 256 characters', async () => {
    const scope = entries(64).map((entry) => entry.padEnd(256, 's'));
    const session = await create({ ipAddress: IP, userAgent: UA, scope });
    expect(session.scope).toEqual(scope);
    expect(storedRecord().scope).toEqual(scope);
  });

  it('defaults to an empty list', async () => {
    const session = await create({ ipAddress: IP, userAgent: UA });
    expect(session.scope).toEqual([]);
    expect(storedRecord().scope).toEqual([]);
  });

  it('refuses 65 entries without a storage call', async () => {
    await expectInvalid(
      () => create({ ipAddress: IP, userAgent: UA, scope: entries(65) }),
      'metadata.scope',
    );
    expect(storage.calls).toEqual([]);
  });

  it('refuses an entry of 257 characters, naming its index, without a storage call', async () => {
    const scope = entries(5);
    scope[3] = 's'.repeat(257);
    await expectInvalid(() => create({ ipAddress: IP, userAgent: UA, scope }), 'metadata.scope[3]');
    expect(storage.calls).toEqual([]);
  });

  it('refuses non-arrays and non-string entries without a storage call', async () => {
    for (const scope of ['read write', null, { 0: 'read', length: 1 }, new Set(['read'])]) {
      await expectInvalid(() => create({ ipAddress: IP, userAgent: UA, scope }), 'metadata.scope');
    }
    await expectInvalid(
      () => create({ ipAddress: IP, userAgent: UA, scope: ['read', 7] }),
      'metadata.scope[1]',
    );
    expect(storage.calls).toEqual([]);
  });

  it('stores a copy the caller cannot change afterwards', async () => {
    const scope = ['read'];
    const session = await create({ ipAddress: IP, userAgent: UA, scope });
    scope.push('admin');
    expect(session.scope).toEqual(['read']);
    expect(storedRecord().scope).toEqual(['read']);
  });

  describe('in updateSession', () => {
    let id: string;
    beforeEach(() => {
      id = generateSessionId(didBucket(DID));
      storage.answers.update = () => true;
    });

    it('accepts 64 entries of 256 characters', async () => {
      const scope = entries(64).map((entry) => entry.padEnd(256, 's'));
      await manager.updateSession(id, { scope });
      expect(storage.callsOf('update')[0]?.args[1]).toEqual({ scope });
    });

    it('refuses 65 entries, long entries and non-arrays without a storage call', async () => {
      await expectInvalid(() => manager.updateSession(id, { scope: entries(65) }), 'updates.scope');
      const long = entries(3);
      long[2] = 's'.repeat(257);
      await expectInvalid(() => manager.updateSession(id, { scope: long }), 'updates.scope[2]');
      await expectInvalid(
        () => manager.updateSession(id, { scope: 'read' as unknown as string[] }),
        'updates.scope',
      );
      expect(storage.calls).toEqual([]);
    });
  });
});
