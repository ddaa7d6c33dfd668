// Tokens: the bearer credential is `<id>.<secret>`; storage only ever sees the secret's hash.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  type Did,
  didBucket,
  generateSessionId,
  hashSecret,
  isToken,
  parseToken,
  SessionManager,
  TOKEN_LENGTH,
} from '../src/index.js';
import { makeRecord, RecordingStorage } from './support/recording-storage.js';

const DID: Did = 'did:plc:abc123';
const META = { ipAddress: '203.0.113.7', userAgent: 'Mozilla/5.0' };

let storage: RecordingStorage;
let manager: SessionManager;

beforeEach(() => {
  storage = new RecordingStorage({ get: (id) => makeRecord(id, DID) });
  manager = new SessionManager({ storage });
});

describe('issued tokens', () => {
  it('are the id, a dot and a 192-bit secret: cookie- and URL-safe, at most 128 characters', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const session = await manager.createSession(DID, META);
      expect(session.token).toHaveLength(TOKEN_LENGTH);
      expect(TOKEN_LENGTH).toBeLessThanOrEqual(128);
      expect(session.token).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{32}$/);
      expect(encodeURIComponent(session.token)).toBe(session.token);
      expect(parseToken(session.token)).toEqual({
        id: session.id,
        secret: session.token.slice(37),
      });
      tokens.add(session.token.slice(37));
    }
    expect(tokens.size).toBe(200);
  });

  it('reach storage only as the SHA-256 hash of the secret, cut to 128 bits', async () => {
    const session = await manager.createSession(DID, META);
    const secret = session.token.slice(37);
    const [, storedHash] = storage.argsOf('create') as [unknown, string];
    const expected = createHash('sha256').update(secret).digest().subarray(0, 16);
    expect(storedHash).toBe(expected.toString('base64url'));
    expect(JSON.stringify(storage.calls)).not.toContain(secret);
    await manager.getSession(session.token);
    const [id, presented] = storage.argsOf('get') as [string, string];
    expect(id).toBe(session.id);
    expect(presented).toBe(storedHash);
    expect(JSON.stringify(storage.calls)).not.toContain(secret);
  });

  it('hashSecret matches SHA-256 on a known vector', () => {
    // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 ...
    expect(hashSecret('abc')).toBe('ungWv48Bz-pBQUDeXa4iIw');
  });
});

describe('getSession with a string that is not a well-formed token', () => {
  const id = generateSessionId(didBucket(DID));
  const secret = 'A'.repeat(32);
  const malformed = [
    id, // a bare id is no credential
    `${id}.`,
    `${id}.${secret.slice(1)}`,
    `${id}.${secret}A`,
    `${id}:${secret}`,
    `${id.toUpperCase()}.${secret}`,
    `${id}.${secret.slice(1)}=`,
    `${id}.${secret.slice(1)}+`,
    ` ${id}.${secret.slice(1)}`,
    `${id}.${secret}`.repeat(2),
    '',
    'x'.repeat(10_000),
  ];

  it('reads as null without a storage call', async () => {
    for (const token of malformed) {
      expect(isToken(token)).toBe(false);
      expect(await manager.getSession(token)).toBeNull();
    }
    expect(storage.calls).toEqual([]);
  });

  it('only strings parseToken accepts reach the storage (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc
            .tuple(fc.nat({ max: TOKEN_LENGTH - 1 }), fc.string({ minLength: 1, maxLength: 1 }))
            .map(([at, ch]) => {
              const token = `${id}.${secret}`;
              return token.slice(0, at) + ch + token.slice(at + 1);
            }),
        ),
        async (token) => {
          storage.calls.length = 0;
          await manager.getSession(token);
          expect(storage.calls.length).toBe(parseToken(token) === null ? 0 : 1);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('constantTimeEqual', () => {
  it('agrees with === on any pair of strings', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
        expect(constantTimeEqual(a, a)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
