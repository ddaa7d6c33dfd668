/**
 * AT Protocol DID syntax (atproto.com/specs/did): `did:`, a lower-case method, then an
 * identifier of ASCII letters, digits and `._:%-` that does not end in `:` or `%`; at most
 * 2048 characters. This is the regular-expression form of `@atproto/syntax`'s check, written
 * here to keep the edge bundle small; a property test compares the two.
 */
const DID_SYNTAX = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/;

/** Longest DID accepted, as in the AT Protocol spec. */
export const MAX_DID_LENGTH = 2048;

/** Whether `value` is a DID in AT Protocol syntax. */
export function isDid(value: unknown): value is `did:${string}:${string}` {
  return typeof value === 'string' && value.length <= MAX_DID_LENGTH && DID_SYNTAX.test(value);
}
