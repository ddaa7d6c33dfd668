import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSecret } from '../src/index.js';
import { sha256, sha256OfAscii32 } from '../src/sha256.js';
import { hashWellFormedSecret } from '../src/tokens.js';

const nodeSha256 = (bytes: Uint8Array) =>
  new Uint8Array(createHash('sha256').update(bytes).digest());
const ascii = (text: string) => new TextEncoder().encode(text);

describe('sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    expect(hex(sha256(ascii('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hex(sha256(ascii('')))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hex(sha256(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('matches Node on every length around the block and padding boundaries', () => {
    // 55/56 bytes: the last length with the bit count in the message's own block, the first
    // without; 64k bytes: many blocks.
    for (const length of [...Array.from({ length: 200 }, (_, i) => i), 1000, 65_536]) {
      const bytes = new Uint8Array(randomBytes(length));
      expect(sha256(bytes), `length ${length}`).toEqual(nodeSha256(bytes));
    }
  });

  it('takes a one-block path for 32 ASCII characters that agrees with the general one', () => {
    for (let i = 0; i < 2000; i++) {
      const secret = randomBytes(24).toString('base64url');
      expect(sha256OfAscii32(secret, new Uint8Array(32))).toEqual(nodeSha256(ascii(secret)));
    }
  });
});

describe('hashSecret', () => {
  it('is SHA-256 of the secret cut to 128 bits, as base64url', () => {
    for (let i = 0; i < 200; i++) {
      const secret = randomBytes(24).toString('base64url');
      const expected = Buffer.from(nodeSha256(ascii(secret)).subarray(0, 16)).toString('base64url');
      expect(hashSecret(secret)).toBe(expected);
      expect(hashWellFormedSecret(secret)).toBe(expected);
    }
  });

  it('hashes any other string through its UTF-8', () => {
    for (const text of ['abc', '', 'é'.repeat(32), 'x'.repeat(33), 'secret-1', '😀'.repeat(16)]) {
      const expected = Buffer.from(nodeSha256(ascii(text)).subarray(0, 16)).toString('base64url');
      expect(hashSecret(text), text).toBe(expected);
    }
  });
});
