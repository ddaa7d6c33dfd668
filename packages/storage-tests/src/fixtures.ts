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
 * Two or more fresh DIDs whose session ids share one bucket (one Redis Cluster slot), to check
 * that users of one bucket stay apart. Found by drawing random DIDs: about 300 draws on average.
 */
export function sameBucketDids(count = 2): Did[] {
  const seen = new Map<number, Did[]>();
  for (;;) {
    const did = randomDid();
    const bucket = didBucket(did);
    const group = seen.get(bucket) ?? [];
    group.push(did);
    if (group.length === count) return group;
    seen.set(bucket, group);
  }
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
