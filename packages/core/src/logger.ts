import { fnv1a32 } from './hash.js';
import type { Logger } from './types.js';

const noop = (): void => {};

/** The default logger: drops everything. */
export const silentLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
});

/**
 * A short, stable stand-in for a secret (session id, token id) in logs and messages: equal
 * inputs give equal fingerprints, so log lines can be correlated, but the secret cannot be
 * read back. Not a cryptographic commitment: never use it for lookups.
 *
 * @example
 * ```ts
 * logger.info('session revoked', { session: fingerprint(session.id) }); // session: 'fp_1a2b3c4d'
 * ```
 */
export function fingerprint(secret: string): string {
  return `fp_${fnv1a32(secret).toString(16).padStart(8, '0')}`;
}
