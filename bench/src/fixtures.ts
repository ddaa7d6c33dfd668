import type { Did, SessionMetadata } from '@coatcheck/core';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A `did:plc:` DID with 24 random base32 characters, as the PLC directory issues them. */
export function randomDid(): Did {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  let id = '';
  for (const byte of bytes) id += BASE32[byte & 31];
  return `did:plc:${id}`;
}

/** `count` distinct random DIDs. */
export function randomDids(count: number): Did[] {
  return Array.from({ length: count }, randomDid);
}

/**
 * Metadata as a browser sign-in brings it: a 111-character Chrome user agent, an IPv4 address
 * and two scopes. Each call builds fresh strings, as parsing a real request would, so that
 * memory figures do not profit from sharing one string between sessions.
 */
export function realisticMetadata(seed: number): SessionMetadata {
  const major = 120 + (seed % 12);
  return {
    userAgent: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`,
    ipAddress: `${100 + (seed % 123)}.${(seed >>> 7) & 255}.${(seed >>> 3) & 255}.${seed & 255}`,
    scope: ['atproto', 'transition:generic'],
  };
}

/** A JWT id as an OAuth server would issue it. */
export function randomJti(): string {
  return crypto.randomUUID();
}
