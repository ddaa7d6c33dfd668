import { fnv1a32 } from './hash.js';
import type { Did } from './types.js';

const SESSION_ID =
  /^[0-9a-f]{4}[0-9a-f]{4}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * The user's shard: a 16-bit bucket from the DID. Every key of one user carries it, so on Redis
 * Cluster all of a user's keys share one hash slot.
 *
 * @example
 * ```ts
 * didBucket('did:plc:abc123'); // a number from 0 to 65535, the same on every call
 * ```
 */
export function didBucket(did: Did | string): number {
  const hash = fnv1a32(did);
  // Fold the high half in so every input bit reaches the 16 we keep.
  return ((hash >>> 16) ^ hash) & 0xffff;
}

/**
 * A new session id: a UUID v4 string from Web Crypto randomness whose first 16 bits are
 * `bucket`. The other 106 bits that are not version or variant bits stay random and secret.
 */
export function generateSessionId(bucket: number): string {
  if (!Number.isInteger(bucket) || bucket < 0 || bucket > 0xffff) {
    throw new RangeError('bucket must be an integer from 0 to 65535');
  }
  const bytes = takeRandom16();
  bytes[0] = bucket >>> 8;
  bytes[1] = bucket & 0xff;
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  let hex = '';
  for (const byte of bytes) hex += HEX[byte];
  // The pool keeps no copy of an id it handed out.
  bytes.fill(0);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// One Web Crypto call costs about as much as the rest of a createSession, so it fills the
// randomness of 64 ids at once (as Node's own randomUUID does); each byte is used once.
const POOL_BYTES = 16 * 64;
let pool = new Uint8Array(0);
let next = 0;

function takeRandom16(): Uint8Array {
  if (next + 16 > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    next = 0;
  }
  const bytes = pool.subarray(next, next + 16);
  next += 16;
  return bytes;
}

/** Whether `value` is a session id as coatcheck makes them: a lower-case UUID v4 string. */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}

/** The bucket a session id carries (its first 16 bits); the id must be well formed. */
export function sessionIdBucket(sessionId: string): number {
  return Number.parseInt(sessionId.slice(0, 4), 16);
}
