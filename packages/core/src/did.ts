import { InvalidArgumentError } from './errors.js';
import type { Did } from './types.js';

/**
 * AT Protocol DID syntax (atproto.com/specs/did): `did:`, a lower-case method, then an
 * identifier of ASCII letters, digits and `._:%-` that does not end in `:` or `%`; at most
 * 2048 characters. This is the regular-expression form of `@atproto/syntax`'s check, written
 * here to keep the edge bundle small; a property test compares the two.
 */
const DID_SYNTAX = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/;

/** Longest DID accepted, as in the AT Protocol spec. */
export const MAX_DID_LENGTH = 2048;

/**
 * Whether `value` is a DID in AT Protocol syntax; narrows it to {@link Did}.
 *
 * @example
 * ```ts
 * const did: unknown = new URL(request.url).searchParams.get('did');
 * if (isDid(did)) await sessions.listSessions(did);
 * ```
 */
export function isDid(value: unknown): value is Did {
  return typeof value === 'string' && value.length <= MAX_DID_LENGTH && DID_SYNTAX.test(value);
}

/**
 * Checks that `value` is a DID in AT Protocol syntax and returns it typed as {@link Did}: the way
 * to turn a plain `string` (from a database row, a token's `sub` claim, an OAuth callback) into
 * the argument the session methods take.
 *
 * @param value - the candidate, of any type.
 * @param field - the name the error gives the value.
 * @defaultValue field: `'did'`
 * @throws {@link InvalidArgumentError} with `.field` set to `field` when `value` is not a
 *   string, is longer than {@link MAX_DID_LENGTH}, or breaks the syntax.
 *
 * @example
 * ```ts
 * const did = parseDid(row.did); // throws InvalidArgumentError (field "did") when it is not one
 * await sessions.createSession(did, metadata);
 * ```
 */
export function parseDid(value: unknown, field = 'did'): Did {
  if (typeof value !== 'string') throw new InvalidArgumentError(field, 'must be a string');
  if (value.length > MAX_DID_LENGTH) {
    throw new InvalidArgumentError(field, `must be at most ${MAX_DID_LENGTH} characters`);
  }
  if (!DID_SYNTAX.test(value)) {
    throw new InvalidArgumentError(field, 'must be a DID such as did:plc:abc123');
  }
  return value as Did;
}
