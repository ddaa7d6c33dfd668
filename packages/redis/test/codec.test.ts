import type { Did, SessionRecord } from '@coatcheck/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, encodeScope, storedDeadline } from '../src/index.js';

const HASH = 'q3Z_-0123456789abcdefg';

const ID = '1a2b3c4d-0000-4000-8000-000000000000';
const base: SessionRecord = {
  id: ID,
  did: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz',
  createdAt: 1_764_000_000_000,
  expiresAt: 1_766_592_000_000,
  lastActivity: 1_764_000_000_500,
  ipAddress: '203.0.113.7',
  userAgent:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  scope: ['read', 'write'],
};

const time = fc.integer({ min: 0, max: 8_640_000_000_000 });
const record = fc.record({
  createdAt: time,
  expiresAt: time,
  lastActivity: time,
  ipAddress: fc.string({ maxLength: 64, unit: 'binary' }),
  userAgent: fc.string({ maxLength: 300, unit: 'binary' }),
  deviceId: fc.option(fc.string({ maxLength: 256, unit: 'binary' }), { nil: undefined }),
  scope: fc.array(fc.string({ maxLength: 40, unit: 'binary' }), { maxLength: 8 }),
});

describe('record codec', () => {
  it('round-trips any record, as pure ASCII with eleven or twelve fields', () => {
    fc.assert(
      fc.property(record, ({ deviceId, ...fields }) => {
        const input: SessionRecord = {
          ...base,
          ...fields,
          ...(deviceId === undefined ? {} : { deviceId }),
        };
        const text = encodeRecord(input, HASH);
        expect(text).toMatch(/^[\x20-\x7e]*$/);
        expect(text.split('|')).toHaveLength(input.deviceId === undefined ? 11 : 12);
        expect(decodeRecord(ID, text)).toEqual(input);
      }),
    );
  });

  it('stays compact for a typical browser session', () => {
    // did 32, hash 22, scope 16, ip 11, a 111-character Chrome user agent in about 20.
    expect(encodeRecord(base, HASH).length).toBeLessThanOrEqual(150);
  });

  it('keeps offsets before createdAt (an update may set any time)', () => {
    const early = { ...base, expiresAt: base.createdAt - 5000, lastActivity: 0 };
    expect(decodeRecord(ID, encodeRecord(early, HASH))).toEqual(early);
  });

  it('reads a record the scripts revoked as revoked, and its deadline as the end of retention', () => {
    const text = encodeRecord(base, HASH).split('|');
    expect(storedDeadline(text.join('|'))).toBe(base.expiresAt);
    text[4] = (1_764_000_001_000).toString(16);
    text[5] = 'op-0123456789abc';
    expect(decodeRecord(ID, text.join('|'))).toEqual({ ...base, revoked: true });
    expect(storedDeadline(text.join('|'))).toBe(1_764_000_001_000);
    expect(storedDeadline('x|1|2|op|did:plc:a')).toBeNull();
  });

  it('never writes a malformed secret hash', () => {
    expect(() => encodeRecord(base, 'short')).toThrowError(RangeError);
  });

  it('writes an empty scope as an empty field and reads it back as []', () => {
    expect(encodeScope([])).toBe('');
    expect(decodeRecord(ID, encodeRecord({ ...base, scope: [] }, HASH))?.scope).toEqual([]);
  });

  it('rejects negative or fractional times', () => {
    expect(() => encodeRecord({ ...base, createdAt: -1 }, HASH)).toThrowError(RangeError);
    expect(() => encodeRecord({ ...base, expiresAt: 1.5 }, HASH)).toThrowError(RangeError);
  });

  const good = encodeRecord(base, HASH);
  const parts = good.split('|');
  const variant = (i: number, value: string) =>
    parts.map((p, j) => (j === i ? value : p)).join('|');
  it.each([
    ['not a string', 42],
    ['null', null],
    ['empty', ''],
    ['another version', variant(0, '1')],
    ['too few fields', parts.slice(0, 10).join('|')],
    ['too many fields', `${good}|x|y`],
    ['a bad createdAt', variant(1, 'A!')],
    ['a bad offset', variant(2, '--1')],
    ['a bad keepUntil', variant(4, '-1')],
    ['a bad mark', variant(5, 'a b')],
    ['a short secret hash', variant(6, 'abc')],
    ['a bad DID', variant(7, 'nobody')],
    ['scope that is not JSON', variant(8, '[read')],
    ['scope that is not strings', variant(8, '[1,2]')],
    ['an empty scope array', variant(8, '[]')],
    ['a dangling escape', variant(9, '203.0.113.7%')],
    ['a lower-case escape', variant(9, '%7c')],
    ['an unknown phrase code', variant(10, '%y')],
    ['a control character', variant(10, 'a\u0001b')],
  ])('reads %s as undecodable', (_label, raw) => {
    expect(decodeRecord(ID, raw)).toBeNull();
    // Twice: the decoder remembers parsed scopes and texts, never a rejection.
    expect(decodeRecord(ID, raw)).toBeNull();
  });

  it('hands out scopes as frozen arrays equal on every read', () => {
    const first = decodeRecord(ID, good)?.scope;
    const again = decodeRecord(ID, good)?.scope;
    expect(first).toEqual(base.scope);
    expect(again).toEqual(base.scope);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(again)).toBe(true);
  });

  it('reads scopes the same past the number of scope texts it remembers', () => {
    const scopes = Array.from({ length: 600 }, (_, i) => [`s${i}`, 'atproto']);
    for (let pass = 0; pass < 2; pass++) {
      for (const scope of scopes) {
        expect(decodeRecord(ID, encodeRecord({ ...base, scope }, HASH))?.scope).toEqual(scope);
      }
    }
  });

  it('keeps the DID it was given', () => {
    const did: Did = 'did:web:example.com';
    expect(decodeRecord(ID, encodeRecord({ ...base, did }, HASH))?.did).toBe(did);
  });
});
