import { type Did, didBucket, InvalidArgumentError } from '@coatcheck/core';

/** The key prefix used when none is given. */
export const DEFAULT_KEY_PREFIX = 'coatcheck:';

const HEX4 = /^[0-9a-f]{4}$/;
const MEMBER = /^[0-9a-f]{28}$/;

/**
 * Where coatcheck keeps its data in Redis. Every key of one user carries the user's bucket as
 * a `{hash tag}`, so on Redis Cluster each operation stays in one slot.
 *
 * | key | type | holds |
 * | --- | --- | --- |
 * | `<prefix>{<bucket>}<rest of id>` | string | one session record |
 * | `<prefix>{<bucket>}u:<did>` | sorted set | the user's sessions: {@link indexEntry}s, each scored by an expiry floor |
 * | `<prefix>t:<jti>` | string | a revoked token id, until the token expires |
 *
 * `<bucket>` is the session id's first four hex digits (derived from the DID); `<rest of id>`
 * is the other 28 hex digits without dashes ({@link indexMember}).
 *
 * An index entry is the session's `createdAt` as 14 hex digits followed by the rest of its id,
 * so that entries sort oldest first by themselves; its score is never later than the session's
 * `expiresAt` (set to it whenever a script sets that time lower; a slide only moves it on), so
 * a create over the limit counts live sessions without reading the records scored after now.
 *
 * @example
 * ```ts
 * const keys = new KeyLayout('app:');
 * keys.record('1a2b3c4d-...'); // 'app:{1a2b}3c4d...'
 * keys.index('did:plc:abc');   // 'app:{<bucket>}u:did:plc:abc'
 * ```
 */
export class KeyLayout {
  /** The prefix every key starts with. */
  readonly prefix: string;

  /**
   * @param prefix - prepended to every key; must not contain `{` or `}` (they would move the
   * hash tag). @defaultValue {@link DEFAULT_KEY_PREFIX}
   * @throws InvalidArgumentError (field `keyPrefix`) for a non-string or a prefix with braces.
   */
  constructor(prefix: string = DEFAULT_KEY_PREFIX) {
    if (typeof prefix !== 'string') throw new InvalidArgumentError('keyPrefix', 'must be a string');
    if (prefix.includes('{') || prefix.includes('}')) {
      throw new InvalidArgumentError(
        'keyPrefix',
        'must not contain "{" or "}" (they would change the hash slot)',
      );
    }
    if (prefix.length > 256)
      throw new InvalidArgumentError('keyPrefix', 'must be at most 256 characters');
    this.prefix = prefix;
  }

  /** The record key of a well-formed session id. */
  record(sessionId: string): string {
    return `${this.prefix}{${sessionId.slice(0, 4)}}${indexMember(sessionId)}`;
  }

  /** The key of the user's index (a sorted set of {@link indexEntry}s). */
  index(did: Did): string {
    return `${this.prefix}{${bucketHex(did)}}u:${did}`;
  }

  /** The blacklist key of a token id. */
  token(jti: string): string {
    return `${this.prefix}t:${jti}`;
  }
}

/** The user's bucket as the four hex digits that start each of the user's session ids. */
export function bucketHex(did: Did): string {
  return didBucket(did).toString(16).padStart(4, '0');
}

/**
 * The 28 hex digits of a session id after its bucket, without dashes: the tail of its record key,
 * and how the scripts name a session in their replies.
 */
export function indexMember(sessionId: string): string {
  // Fixed 8-4-4-4-12 positions: cheaper than a search for dashes on every request.
  return (
    sessionId.slice(4, 8) +
    sessionId.slice(9, 13) +
    sessionId.slice(14, 18) +
    sessionId.slice(19, 23) +
    sessionId.slice(24)
  );
}

/**
 * A session's entry in its user's index: `createdAt` as 14 lower-case hex digits (enough for
 * every valid time), then {@link indexMember}.
 *
 * @example
 * ```ts
 * indexEntry(session.id, session.createdAt.getTime()); // '0001a21c9da025' + 28 hex digits
 * ```
 */
export function indexEntry(sessionId: string, createdAt: number): string {
  return createdAt.toString(16).padStart(14, '0') + indexMember(sessionId);
}

/**
 * The session id an index member stands for, given the user's bucket; `null` when either part
 * is malformed (a damaged index reads as no session).
 */
export function sessionIdFromMember(bucket: string, member: unknown): string | null {
  if (typeof member !== 'string' || !MEMBER.test(member) || !HEX4.test(bucket)) return null;
  const hex = bucket + member;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
