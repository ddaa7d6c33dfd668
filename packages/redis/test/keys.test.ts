import { type Did, didBucket, generateSessionId, InvalidArgumentError } from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import {
  bucketHex,
  DEFAULT_KEY_PREFIX,
  KeyLayout,
  sessionField,
  sessionIdFromField,
} from '../src/index.js';

const did: Did = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz';
const tag = (key: string) => key.slice(key.indexOf('{') + 1, key.indexOf('}'));

describe('KeyLayout', () => {
  it("finds a user's one hash from the DID and from each session id, tagged with the bucket", () => {
    const keys = new KeyLayout();
    const id = generateSessionId(didBucket(did));
    expect(keys.bucket(id)).toBe(keys.user(did));
    expect(tag(keys.user(did))).toBe(bucketHex(did));
    expect(keys.user(did)).toBe(`${DEFAULT_KEY_PREFIX}{${id.slice(0, 8)}${id.slice(9, 13)}}`);
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

describe('session fields', () => {
  it('map back to the session id', () => {
    for (let i = 0; i < 200; i++) {
      const id = generateSessionId(i * 1_234_567_891);
      const field = sessionField(id);
      expect(field).toMatch(/^[0-9a-f]{20}$/);
      expect(sessionIdFromField(id.slice(0, 8) + id.slice(9, 13), field)).toBe(id);
    }
  });

  it('malformed fields or buckets give null', () => {
    expect(sessionIdFromField('abcdabcdabcd', 'xyz')).toBeNull();
    expect(sessionIdFromField('abcdabcdabcd', 42)).toBeNull();
    expect(sessionIdFromField('abc', '0'.repeat(20))).toBeNull();
  });
});
