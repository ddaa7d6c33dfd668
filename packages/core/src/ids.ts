import { sha256 } from './sha256.js';
import type { Did } from './types.js';
import { utf8 } from './utf8.js';

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** How many bits of a session id locate its user: its first 12 hex digits. */
export const BUCKET_BITS = 48;
const BUCKET_LIMIT = 2 ** BUCKET_BITS;

/**
 * The user's locator: 48 bits of SHA-256 over the DID, as a number below 2^48. Every session
 * id of the user starts with it, so storage finds the user's data from a session id alone (on
 * Redis, the user's key and hash slot).
 *
 * @remarks
 * Two DIDs may share a bucket (by chance, or because someone searched for a collision), so
 * storage must still tell them apart by the DID each record holds. A cryptographic hash keeps
 * such a search at about 2^48 work per target instead of the few steps a fast hash would take.
 *
 * @example
 * ```ts
 * didBucket('did:plc:abc123'); // the same number below 2 ** 48 on every call
 * ```
 */
export function didBucket(did: Did | string): number {
  const digest = sha256(utf8(did));
  let bucket = 0;
  for (let i = 0; i < BUCKET_BITS / 8; i++) bucket = bucket * 256 + digest[i]!;
  return bucket;
}

/**
 * A new session id: a UUID v4 string whose first 48 bits are `bucket` and whose other 74
 * free bits come from Web Crypto randomness. A session id is public (lists and forms show
 * it); the bearer credential is the token, which adds a secret.
 */
export function generateSessionId(bucket: number): string {
  if (!Number.isInteger(bucket) || bucket < 0 || bucket >= BUCKET_LIMIT) {
    throw new RangeError('bucket must be an integer from 0 to 2^48 - 1');
  }
  const bytes = takeRandom(16);
  let rest = bucket;
  for (let i = BUCKET_BITS / 8 - 1; i >= 0; i--) {
    bytes[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  let hex = '';
  for (const byte of bytes) hex += HEX[byte];
  bytes.fill(0);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// One Web Crypto call costs about as much as the rest of a createSession, so it fills the
// randomness of many ids and secrets at once; each byte is handed out once and then zeroed.
const POOL_BYTES = 2048;
let pool = new Uint8Array(0);
let next = 0;

/**
 * `length` (at most 256) fresh random bytes from the pool. The caller owns them until it
 * zeroes them; the pool never hands them out again.
 */
export function takeRandom(length: number): Uint8Array {
  if (next + length > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    next = 0;
  }
  const bytes = pool.subarray(next, next + length);
  next += length;
  return bytes;
}

/** Whether `value` is a session id as coatcheck makes them: a lower-case UUID v4 string. */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && value.length === 36 && SESSION_ID.test(value);
}

/** The bucket a session id carries (its first 48 bits); the id must be well formed. */
export function sessionIdBucket(sessionId: string): number {
  return Number.parseInt(sessionId.slice(0, 8) + sessionId.slice(9, 13), 16);
}
