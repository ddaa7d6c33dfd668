import { type Did, didBucket, generateSessionId, type SessionMetadata } from '@coatcheck/core';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A fresh `did:plc:` DID of 24 random base32 characters, so tests never share a user.
 *
 * @example
 * ```ts
 * const did = randomDid(); // 'did:plc:k3n2...'
 * ```
 */
export function randomDid(): Did {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  let id = '';
  for (const byte of bytes) id += BASE32[byte & 31];
  return `did:plc:${id}`;
}

/**
 * Pairs of DIDs whose 48-bit buckets collide, found once by a birthday search over about 5e7
 * SHA-256 digests (far too many to draw in a test). A test checks that each pair collides.
 */
export const SAME_BUCKET_DID_PAIRS: readonly (readonly [Did, Did])[] = Object.freeze([
  ['did:plc:coatcheckbucketaaad43w2', 'did:plc:coatcheckbucketaabglvbd'],
  ['did:plc:coatcheckbucketaaah5mry', 'did:plc:coatcheckbucketaabczupw'],
  ['did:plc:coatcheckbucketaaannz2z', 'did:plc:coatcheckbucketaabkrl2b'],
  ['did:plc:coatcheckbucketaaatpzah', 'did:plc:coatcheckbucketaaa5ct6f'],
]);

/**
 * Two DIDs whose session ids share one bucket (one Redis key and slot), to check that users
 * of one bucket stay apart. Drawn from {@link SAME_BUCKET_DID_PAIRS}; each test gets a fresh
 * storage, so sharing the few known pairs between tests is safe.
 */
export function sameBucketDids(): [Did, Did] {
  const pair = SAME_BUCKET_DID_PAIRS[Math.floor(Math.random() * SAME_BUCKET_DID_PAIRS.length)]!;
  return [pair[0], pair[1]];
}

/** A well-formed session id of `did`'s bucket that no storage holds. */
export function unknownSessionId(did: Did): string {
  return generateSessionId(didBucket(did));
}

/**
 * Client metadata for a test session; `overrides` replace fields.
 *
 * @example
 * ```ts
 * await manager.createSession(did, metadata({ deviceId: 'phone' }));
 * ```
 */
export function metadata(overrides: Partial<SessionMetadata> = {}): SessionMetadata {
  return { ipAddress: '203.0.113.7', userAgent: 'coatcheck-conformance/1.0', ...overrides };
}

/** Resolves after `ms` milliseconds of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
