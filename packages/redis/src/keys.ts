import { type Did, didBucket, InvalidArgumentError } from '@coatcheck/core';

/** The key prefix used when none is given. */
export const DEFAULT_KEY_PREFIX = 'coatcheck:';

const BUCKET = /^[0-9a-f]{12}$/;
const FIELD = /^[0-9a-f]{20}$/;

/**
 * Where coatcheck keeps its data in Redis: one hash per user bucket, so that every script
 * touches exactly the one key it declares, and on Redis Cluster one slot.
 *
 * | key | type | holds |
 * | --- | --- | --- |
 * | `<prefix>{<bucket>}` | hash | one field per session of the users of this bucket: {@link sessionField} → its record; and the scripts' own fields (`live`, `due`, `due:<n>`, `op:<id>`) |
 * | `<prefix>t:<jti>` | string | a revoked token id, until the token expires |
 *
 * `<bucket>` is the session id's first 12 hex digits (48 bits derived from the DID, see
 * `didBucket`). Two users may share a bucket: each record holds its DID, and every script
 * filters by it. The field `live` indexes the sessions that are live, so that the scripts that
 * look at all of a user's sessions read those, not the revoked records kept for
 * `revokedRetentionSeconds`; the fields `due` and `due:<n>` queue the kept fields for
 * deletion, in the order they fall due. A hash's TTL covers its longest-lived field.
 *
 * @example
 * ```ts
 * const keys = new KeyLayout('app:');
 * keys.bucket('1a2b3c4d-5e6f-4...'); // 'app:{1a2b3c4d5e6f}'
 * keys.user('did:plc:abc');          // the same key for each of the user's sessions
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

  /** The hash that holds a well-formed session id's record. */
  bucket(sessionId: string): string {
    return `${this.prefix}{${sessionIdBucketHex(sessionId)}}`;
  }

  /** The hash that holds every session of `did` (and of any user sharing its bucket). */
  user(did: Did): string {
    return `${this.prefix}{${bucketHex(did)}}`;
  }

  /** The blacklist key of a token id. */
  token(jti: string): string {
    return `${this.prefix}t:${jti}`;
  }
}

/** The user's bucket as the 12 hex digits that start each of the user's session ids. */
export function bucketHex(did: Did): string {
  return didBucket(did).toString(16).padStart(12, '0');
}

/** The 12 hex digits of a well-formed session id's bucket. */
export function sessionIdBucketHex(sessionId: string): string {
  return sessionId.slice(0, 8) + sessionId.slice(9, 13);
}

/**
 * A session's field in its bucket's hash: the 20 hex digits of its id after the bucket,
 * without dashes; also how the scripts name a session in their replies.
 */
export function sessionField(sessionId: string): string {
  // Fixed 8-4-4-4-12 positions: cheaper than a search for dashes on every request.
  return sessionId.slice(14, 18) + sessionId.slice(19, 23) + sessionId.slice(24);
}

/**
 * The session id a hash field stands for, given its bucket; `null` when either part is
 * malformed (a damaged field reads as no session).
 */
export function sessionIdFromField(bucket: string, field: unknown): string | null {
  if (typeof field !== 'string' || !FIELD.test(field) || !BUCKET.test(bucket)) return null;
  const hex = bucket + field;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
