import { type Did, didBucket, generateSessionId, InvalidArgumentError } from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import {
  bucketHex,
  DEFAULT_KEY_PREFIX,
  indexEntry,
  indexMember,
  KeyLayout,
  sessionIdFromMember,
} from '../src/index.js';

const did: Did = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz';
const tag = (key: string) => key.slice(key.indexOf('{') + 1, key.indexOf('}'));

describe('KeyLayout', () => {
  it('puts a user record and index under the same hash tag, the bucket of the DID', () => {
    const keys = new KeyLayout();
    const id = generateSessionId(didBucket(did));
    expect(tag(keys.record(id))).toBe(bucketHex(did));
    expect(tag(keys.index(did))).toBe(bucketHex(did));
    expect(keys.record(id)).toBe(`${DEFAULT_KEY_PREFIX}{${id.slice(0, 4)}}${indexMember(id)}`);
    expect(keys.index(did)).toBe(`${DEFAULT_KEY_PREFIX}{${bucketHex(did)}}u:${did}`);
  });

  it('keeps token keys outside any user tag', () => {
    expect(new KeyLayout('app:').token('jti-1')).toBe('app:t:jti-1');
  });

  it.each(['a{b', 'a}b', '{}'])('rejects the prefix %j naming the field', (prefix) => {
    expect(() => new KeyLayout(prefix)).toThrowError(InvalidArgumentError);
    try {
      new KeyLayout(prefix);
    } catch (error) {
      expect((error as InvalidArgumentError).field).toBe('keyPrefix');
    }
  });

  it('rejects a non-string prefix', () => {
    expect(() => new KeyLayout(42 as unknown as string)).toThrowError(InvalidArgumentError);
  });
});

describe('index members', () => {
  it('map back to the session id', () => {
    for (let i = 0; i < 200; i++) {
      const id = generateSessionId(i * 300);
      const member = indexMember(id);
      expect(member).toMatch(/^[0-9a-f]{28}$/);
      expect(sessionIdFromMember(id.slice(0, 4), member)).toBe(id);
    }
  });

  it('index entries start with createdAt in 14 hex digits, so they sort oldest first', () => {
    const id = generateSessionId(7);
    expect(indexEntry(id, 0)).toBe(`${'0'.repeat(14)}${indexMember(id)}`);
    // The largest valid Date still fits the width.
    expect(indexEntry(id, 8_640_000_000_000_000)).toBe(`1eb208c2dc0000${indexMember(id)}`);
    const times = [0, 15, 16, 1_764_000_000_000, 8_640_000_000_000_000];
    const entries = times.map((t) => indexEntry(id, t));
    expect([...entries].reverse().sort()).toEqual(entries);
  });

  it('malformed members or buckets give null', () => {
    expect(sessionIdFromMember('abcd', 'xyz')).toBeNull();
    expect(sessionIdFromMember('abcd', 42)).toBeNull();
    expect(sessionIdFromMember('abc', '0'.repeat(28))).toBeNull();
  });
});
