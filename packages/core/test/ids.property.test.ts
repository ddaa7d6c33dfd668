// Session ids: UUID v4 from Web Crypto whose first 48 bits are the DID's bucket (see
// docs/design.md, "Ids and tokens").
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  didBucket,
  generateSessionId,
  isSessionId,
  SessionManager,
  sessionIdBucket,
} from '../src/index.js';
import { RecordingStorage } from './support/recording-storage.js';

// Written from RFC 9562 rather than taken from the code under test.
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const didArb = fc
  .tuple(
    fc.constantFrom('plc', 'web', 'key', 'example'),
    fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz234567.-_:'.split('')),
      minLength: 1,
      maxLength: 60,
    }),
  )
  .map(([method, id]) => `did:${method}:${id}a`);

const bucketArb = fc.integer({ min: 0, max: 2 ** 48 - 1 });

describe('generateSessionId', () => {
  it('draws ids from Web Crypto, 128 ids a call, each random byte used once', () => {
    let counter = 0;
    const spy = vi.spyOn(crypto, 'getRandomValues').mockImplementation((array) => {
      const bytes = array as Uint8Array;
      for (let i = 0; i < bytes.length; i++) bytes[i] = (counter + i) & 0xff;
      counter += bytes.length;
      return array;
    });
    try {
      // Ids left in the pool from earlier tests come first; the first spied call refills it.
      let first = generateSessionId(0);
      while (spy.mock.calls.length === 0) first = generateSessionId(0);
      const ids = [first];
      for (let i = 1; i < 128; i++) ids.push(generateSessionId(0));
      expect(spy).toHaveBeenCalledTimes(1);
      ids.forEach((id, k) => {
        // The last byte of id k is byte 16k + 15 of the pool: no byte is used twice.
        expect(Number.parseInt(id.slice(-2), 16)).toBe((16 * k + 15) & 0xff);
      });
      generateSessionId(0);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('gives lower-case UUID v4 strings with the version and variant bits set', () => {
    fc.assert(
      fc.property(bucketArb, (bucket) => {
        const id = generateSessionId(bucket);
        expect(id).toMatch(UUID_V4);
        const bytes = id
          .replaceAll('-', '')
          .match(/../g)!
          .map((hex) => Number.parseInt(hex, 16));
        expect(bytes[6]! >> 4).toBe(4);
        expect(bytes[8]! >> 6).toBe(0b10);
        expect(isSessionId(id)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('puts the bucket in the first 48 bits, and sessionIdBucket reads it back', () => {
    fc.assert(
      fc.property(bucketArb, (bucket) => {
        const id = generateSessionId(bucket);
        expect(id.slice(0, 8) + id.slice(9, 13)).toBe(bucket.toString(16).padStart(12, '0'));
        expect(sessionIdBucket(id)).toBe(bucket);
      }),
      { numRuns: 2000 },
    );
  });

  it('carries the DID bucket: sessionIdBucket(generateSessionId(didBucket(d))) === didBucket(d)', () => {
    fc.assert(
      fc.property(fc.oneof(didArb, fc.string()), (did) => {
        const bucket = didBucket(did);
        expect(Number.isInteger(bucket) && bucket >= 0 && bucket < 2 ** 48).toBe(true);
        // 48 bits of SHA-256 over the DID's UTF-8 bytes, computed here by another library.
        const digest = createHash('sha256').update(did, 'utf8').digest();
        expect(bucket).toBe(digest.readUIntBE(0, 6));
        expect(didBucket(did)).toBe(bucket);
        expect(sessionIdBucket(generateSessionId(bucket))).toBe(bucket);
      }),
      { numRuns: 2000 },
    );
  });

  it('never repeats an id, across random buckets and within one bucket', () => {
    const seen = new Set<string>();
    let draws = 0;
    fc.assert(
      fc.property(fc.array(bucketArb, { minLength: 1, maxLength: 50 }), (buckets) => {
        for (const bucket of buckets) {
          // Several ids per bucket: the 74 random bits alone must keep them apart.
          for (let i = 0; i < 4; i++) {
            seen.add(generateSessionId(bucket));
            draws++;
          }
        }
      }),
      { numRuns: 500 },
    );
    expect(draws).toBeGreaterThan(10_000);
    expect(seen.size).toBe(draws);
  });

  it('uses every random bit: no bit outside bucket, version and variant is stuck', () => {
    let ones = new Uint32Array(128);
    const draws = 4000;
    for (let i = 0; i < draws; i++) {
      const hex = generateSessionId(0x123456789abc).replaceAll('-', '');
      for (let bit = 0; bit < 128; bit++) {
        const nibble = Number.parseInt(hex[bit >> 2]!, 16);
        if ((nibble >> (3 - (bit & 3))) & 1) ones[bit]!++;
      }
    }
    const fixed = new Set([...Array(48).keys(), 48, 49, 50, 51, 64, 65]);
    ones = ones.map((count, bit) => (fixed.has(bit) ? draws / 2 : count));
    // Each free bit is set in about half the draws; 4000 draws put 30% and 70% beyond 12 sigma.
    for (const count of ones) {
      expect(count / draws).toBeGreaterThan(0.3);
      expect(count / draws).toBeLessThan(0.7);
    }
  });

  it('refuses buckets outside 0..2^48-1', () => {
    for (const bucket of [-1, 2 ** 48, 1.5, Number.NaN]) {
      expect(() => generateSessionId(bucket)).toThrow(RangeError);
    }
  });
});

describe('SessionManager ids', () => {
  it('every created session id is a UUID v4 that carries its DID bucket', async () => {
    const storage = new RecordingStorage();
    const manager = new SessionManager({ storage });
    await fc.assert(
      fc.asyncProperty(didArb, async (did) => {
        const session = await manager.createSession(did as `did:${string}:${string}`, {
          ipAddress: '203.0.113.7',
          userAgent: 'Mozilla/5.0',
        });
        expect(session.id).toMatch(UUID_V4);
        expect(sessionIdBucket(session.id)).toBe(didBucket(did));
      }),
      { numRuns: 300 },
    );
  });
});
