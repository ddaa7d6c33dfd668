import { isSessionId, takeRandom } from './ids.js';
import { sha256, sha256OfAscii32 } from './sha256.js';
import { utf8 } from './utf8.js';

/** Random bytes in a token's secret: 192 bits, well above the 128 the contract asks for. */
const SECRET_BYTES = 24;
/** Length of the secret as base64url text (no padding). */
const SECRET_LENGTH = 32;
/** Session id, a dot, the secret: 69 characters. */
export const TOKEN_LENGTH = 36 + 1 + SECRET_LENGTH;
/** Bytes of SHA-256 kept as a secret's hash: 128 bits, the least the contract allows. */
const HASH_BYTES = 16;

const SECRET = /^[A-Za-z0-9_-]{32}$/;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A token split into the session it names and the secret that proves it. */
export interface ParsedToken {
  /** The session id (public). */
  readonly id: string;
  /** The secret part, never stored; only its hash is. */
  readonly secret: string;
}

/** A new secret from Web Crypto randomness, as 32 base64url characters. */
export function generateSecret(): string {
  const bytes = takeRandom(SECRET_BYTES);
  const text = base64url(bytes);
  bytes.fill(0);
  return text;
}

/**
 * A random id for one revoking step (16 base64url characters, 96 bits): a storage whose
 * client may run the same step twice (a re-send after a lost reply) marks what the step
 * revoked with it, so that the second run reports the first run's outcome.
 */
export function generateOperationId(): string {
  const bytes = takeRandom(12);
  const text = base64url(bytes);
  bytes.fill(0);
  return text;
}

/** The bearer token for a session id and its secret: `<id>.<secret>`, cookie- and URL-safe. */
export function formatToken(id: string, secret: string): string {
  return `${id}.${secret}`;
}

/**
 * Splits a token into id and secret, or `null` when `token` is not exactly a session id, a dot
 * and a well-formed secret. Length is checked first, so hostile input costs no regex work.
 */
export function parseToken(token: string): ParsedToken | null {
  if (token.length !== TOKEN_LENGTH || token.charCodeAt(36) !== 0x2e) return null;
  const id = token.slice(0, 36);
  const secret = token.slice(37);
  return isSessionId(id) && SECRET.test(secret) ? { id, secret } : null;
}

/** Whether `value` is a well-formed token (it may still name no live session). */
export function isToken(value: unknown): value is string {
  return typeof value === 'string' && parseToken(value) !== null;
}

/**
 * What storage keeps of a secret: SHA-256 of its UTF-8 cut to 128 bits, as 22 base64url
 * characters. Synchronous and the same on every runtime (an awaited Web Crypto digest measured
 * 7 to 40 µs on Node 20; the one-block path a token's secret takes, 0.5 µs).
 */
export function hashSecret(secret: string): string {
  if (SECRET.test(secret)) return hashWellFormedSecret(secret);
  return base64url(sha256(utf8(secret)).subarray(0, HASH_BYTES));
}

/** {@link hashSecret} of a secret already checked (by {@link parseToken} or made here). */
export function hashWellFormedSecret(secret: string): string {
  return base64url(sha256OfAscii32(secret, hashScratch));
}

// Written and read within one synchronous call: no two hashes can share it at once.
const hashScratch = new Uint8Array(HASH_BYTES);

/**
 * Compares two strings in time that depends only on their lengths, for secret hashes held in
 * process memory (memory, keyv adapters).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

// The alphabet as character codes: the text is made in one call at the end, because a string
// built up by `+=` is a rope that every later comparison or Map lookup first has to flatten
// (a third of a cache hit's hash time in the profile).
const BASE64URL_CODES = Array.from(BASE64URL, (char) => char.charCodeAt(0));

function base64url(bytes: Uint8Array): string {
  const codes: number[] = [];
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    codes.push(
      BASE64URL_CODES[n >>> 18]!,
      BASE64URL_CODES[(n >>> 12) & 63]!,
      BASE64URL_CODES[(n >>> 6) & 63]!,
      BASE64URL_CODES[n & 63]!,
    );
  }
  const left = bytes.length - i;
  if (left > 0) {
    // One or two bytes left: two or three digits, no padding.
    const n = (bytes[i]! << 16) | (left === 2 ? bytes[i + 1]! << 8 : 0);
    codes.push(BASE64URL_CODES[n >>> 18]!, BASE64URL_CODES[(n >>> 12) & 63]!);
    if (left === 2) codes.push(BASE64URL_CODES[(n >>> 6) & 63]!);
  }
  return String.fromCharCode(...codes);
}
