// docs/design.md, "Input limits", rows `did`, `sessionId (string)` and `sessionId (not a string)`:
// every bad value is refused before the storage sees a call.
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type Did,
  didBucket,
  generateSessionId,
  SessionManager,
  SessionRevokedError,
} from '../src/index.js';
import { caught, expectInvalid } from './support/expect-invalid.js';
import { makeRecord, RecordingStorage, tokenFor } from './support/recording-storage.js';

const DID: Did = 'did:plc:abc123';
const META = { ipAddress: '203.0.113.7', userAgent: 'Mozilla/5.0' };

let storage: RecordingStorage;
let manager: SessionManager;
let validId: string;

beforeEach(() => {
  storage = new RecordingStorage();
  manager = new SessionManager({ storage, now: () => 1_000_000 });
  validId = generateSessionId(didBucket(DID));
});

/** Every method that takes a DID, called with `did`. */
const didMethods: ReadonlyArray<[string, (m: SessionManager, did: unknown) => Promise<unknown>]> = [
  ['createSession', (m, did) => m.createSession(did as Did, META)],
  ['revokeAllSessions', (m, did) => m.revokeAllSessions(did as Did)],
  ['listSessions', (m, did) => m.listSessions(did as Did)],
  [
    'revokeOtherSessions',
    (m, did) => m.revokeOtherSessions(did as Did, generateSessionId(didBucket(String(did)))),
  ],
];

describe('did: AT Protocol DID syntax, at most 2048 characters', () => {
  const badDids: unknown[] = [
    'did:PLC:abc123', // method must be lower case
    'did:plc:', // empty identifier
    'did:plc:abc123:', // ends in ':'
    'did:plc:abc123%', // ends in '%'
    'did::abc123', // empty method
    'did:pl1:abc123', // digit in method
    'plc:abc123',
    'DID:plc:abc123',
    'did:plc:abc 123',
    'did:plc:abc123/path',
    'did:plc:abc123?query',
    'did:plc:abc123#frag',
    'did:plc:ábc123',
    'did:plc:abc123\n',
    ' did:plc:abc123',
    '',
    42,
    null,
    undefined,
    {},
    ['did:plc:abc123'],
  ];

  for (const [name, call] of didMethods) {
    it(`${name} refuses malformed DIDs without a storage call`, async () => {
      for (const did of badDids) {
        await expectInvalid(() => call(manager, did), 'did');
      }
      expect(storage.calls).toEqual([]);
    });

    it(`${name} accepts 2048 characters and refuses 2049`, async () => {
      const longest = `did:web:${'a'.repeat(2048 - 8)}`;
      expect(longest).toHaveLength(2048);
      storage.answers.revokeOthers = () => [];
      await call(manager, longest);
      expect(storage.calls).toHaveLength(1);

      const error = await expectInvalid(() => call(manager, `${longest}a`), 'did');
      expect(error.message).toContain('2048');
      expect(storage.calls).toHaveLength(1);
    });
  }

  it('accepts DIDs of other methods and with colons, dots, dashes and percent escapes inside', async () => {
    for (const did of ['did:web:example.com', 'did:key:z6Mk-x_y.z', 'did:plc:a:b%20c', 'did:a:b']) {
      await manager.listSessions(did as Did);
    }
    expect(storage.callsOf('list')).toHaveLength(4);
  });
});

/** Every method that takes a session id, called with `id`. */
const idMethods: ReadonlyArray<
  [string, (m: SessionManager, id: unknown) => Promise<unknown>, string?]
> = [
  ['getSession', (m, id) => m.getSession(id as string), 'token'],
  ['updateSession', (m, id) => m.updateSession(id as string, {})],
  ['revokeSession', (m, id) => m.revokeSession(id as string)],
  ['rotateSession', (m, id) => m.rotateSession(id as string)],
];

const nonStrings: unknown[] = [42, null, undefined, {}, [], true, Symbol('id'), 10n];

describe('sessionId (not a string): InvalidArgumentError', () => {
  for (const [name, call, field = 'sessionId'] of idMethods) {
    it(`${name} refuses non-strings without a storage call`, async () => {
      for (const id of [...nonStrings, new String(validId)]) {
        await expectInvalid(() => call(manager, id), field);
      }
      expect(storage.calls).toEqual([]);
    });
  }

  it('revokeOtherSessions refuses a non-string keepSessionId without a storage call', async () => {
    for (const id of nonStrings) {
      await expectInvalid(() => manager.revokeOtherSessions(DID, id as string), 'keepSessionId');
    }
    expect(storage.calls).toEqual([]);
  });
});

describe('sessionId (string, not a well-formed id): null or no-op, no storage call', () => {
  const malformed = (id: string): string[] => [
    '',
    'not-a-session-id',
    id.toUpperCase(),
    `${id.slice(0, 14)}1${id.slice(15)}`, // version 1
    `${id.slice(0, 19)}c${id.slice(20)}`, // variant bits 11
    `${id.slice(0, 19)}7${id.slice(20)}`, // variant bits 0x
    id.replaceAll('-', ''),
    `{${id}}`,
    `${id}\n`,
    ` ${id}`,
    `${id}0`,
    id.slice(0, -1),
    `${id.slice(0, -1)}g`,
    `urn:uuid:${id}`,
  ];

  it('getSession returns null', async () => {
    for (const id of malformed(validId)) {
      expect(await manager.getSession(id)).toBeNull();
    }
    expect(storage.calls).toEqual([]);
  });

  it('revokeSession resolves as a no-op', async () => {
    for (const id of malformed(validId)) {
      expect(await manager.revokeSession(id)).toBeUndefined();
    }
    expect(storage.calls).toEqual([]);
  });

  it('updateSession and rotateSession report the session as gone', async () => {
    for (const id of malformed(validId)) {
      expect(await caught(() => manager.updateSession(id, {}))).toBeInstanceOf(SessionRevokedError);
      expect(await caught(() => manager.rotateSession(id))).toBeInstanceOf(SessionRevokedError);
    }
    expect(storage.calls).toEqual([]);
  });

  it('revokeOtherSessions reports a malformed or foreign keepSessionId as gone', async () => {
    const foreign = generateSessionId((didBucket(DID) + 1) % 2 ** 48);
    for (const id of [...malformed(validId), foreign]) {
      expect(await caught(() => manager.revokeOtherSessions(DID, id))).toBeInstanceOf(
        SessionRevokedError,
      );
    }
    expect(storage.calls).toEqual([]);
  });

  it('a well-formed id does reach the storage (the control case)', async () => {
    storage.answers.get = (id) => makeRecord(id, DID);
    storage.answers.update = () => true;
    storage.answers.revokeOthers = () => [];
    expect((await manager.getSession(tokenFor(validId)))?.id).toBe(validId);
    await manager.updateSession(validId, {});
    await manager.revokeSession(validId);
    await manager.revokeOtherSessions(DID, validId);
    expect(storage.calls.map((call) => call.method)).toEqual([
      'get',
      'update',
      'revoke',
      'revokeOthers',
    ]);
  });

  it('no string that is not a lower-case UUID v4 reaches the storage (property)', async () => {
    const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const hexish = fc.string({
      unit: fc.constantFrom(...'0123456789abcdefABCDEF-4-8-9-{}\n '.split('')),
      minLength: 30,
      maxLength: 40,
    });
    const mutatedId = fc
      .tuple(fc.nat({ max: 35 }), fc.string({ minLength: 1, maxLength: 1 }))
      .map(([at, ch]) => `${validId.slice(0, at)}${ch}${validId.slice(at + 1)}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), hexish, mutatedId, fc.uuid()), async (id) => {
        fc.pre(!uuidV4.test(id));
        storage.calls.length = 0;
        expect(await manager.getSession(id)).toBeNull();
        await manager.revokeSession(id);
        expect(storage.calls).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
