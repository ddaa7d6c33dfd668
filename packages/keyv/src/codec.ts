import type { Did, SessionRecord } from '@coatcheck/core';

/** The version of every value this package writes; other versions read as absent. */
export const FORMAT_VERSION = 1;

/** A session record as stored under `s:<id>`. */
export interface StoredRecord extends SessionRecord {
  /** The hash of the token's secret (never the secret itself). */
  readonly secretHash: string;
  /** When it was revoked (manager clock, ms); absent while live. */
  readonly revokedAt?: number;
}

/** A user's index as stored under `u:<hash>`. */
export interface StoredIndex {
  readonly did: Did;
  /**
   * The user's session ids, each with the time it was added (manager clock, ms). May hold
   * stale ids (revoked, expired, or whose record was never written), never too few.
   */
  readonly entries: ReadonlyMap<string, number>;
  /**
   * Revoked sessions whose records are still kept, each with the time its record goes
   * (manager clock, ms): what `list` with `includeRevoked` reads.
   */
  readonly revoked: ReadonlyMap<string, number>;
  /** Manager-clock time the index must live until: at or after every member's `expiresAt`. */
  readonly exp: number;
}

/** The plain object Keyv serializes for a record. */
export function encodeRecord(record: StoredRecord): Record<string, unknown> {
  const value: Record<string, unknown> = {
    v: FORMAT_VERSION,
    id: record.id,
    did: record.did,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    lastActivity: record.lastActivity,
    ipAddress: record.ipAddress,
    userAgent: record.userAgent,
    scope: [...record.scope],
    h: record.secretHash,
  };
  if (record.deviceId !== undefined) value.deviceId = record.deviceId;
  if (record.revokedAt !== undefined) value.revokedAt = record.revokedAt;
  return value;
}

/** A stored record for `id`, or `null` when the value is not one this version can read. */
export function decodeRecord(id: string, raw: unknown): StoredRecord | null {
  if (!isObject(raw) || raw.v !== FORMAT_VERSION || raw.id !== id) return null;
  const {
    did,
    createdAt,
    expiresAt,
    lastActivity,
    ipAddress,
    userAgent,
    deviceId,
    scope,
    revokedAt,
    h,
  } = raw;
  if (typeof did !== 'string' || !did.startsWith('did:')) return null;
  if (!isTime(createdAt) || !isTime(expiresAt) || !isTime(lastActivity)) return null;
  if (typeof ipAddress !== 'string' || typeof userAgent !== 'string') return null;
  if (deviceId !== undefined && typeof deviceId !== 'string') return null;
  if (!Array.isArray(scope) || !scope.every((s) => typeof s === 'string')) return null;
  if (revokedAt !== undefined && !isTime(revokedAt)) return null;
  if (typeof h !== 'string') return null;
  const record: StoredRecord = {
    id,
    did: did as Did,
    createdAt,
    expiresAt,
    lastActivity,
    ipAddress,
    userAgent,
    ...(deviceId === undefined ? {} : { deviceId }),
    scope: scope as string[],
    secretHash: h,
    ...(revokedAt === undefined ? {} : { revokedAt }),
  };
  return record;
}

/** The session fields of a stored record, as the storage interface returns them. */
export function toSessionRecord(stored: StoredRecord): SessionRecord {
  const { revokedAt, secretHash: _hash, ...record } = stored;
  return revokedAt === undefined ? record : { ...record, revoked: true };
}

/** The plain object Keyv serializes for an index. */
export function encodeIndex(index: StoredIndex): Record<string, unknown> {
  return {
    v: FORMAT_VERSION,
    did: index.did,
    entries: [...index.entries],
    revoked: [...index.revoked],
    exp: index.exp,
  };
}

/** A stored index of `did`, or `null` when the value is not one this version can read. */
export function decodeIndex(did: Did, raw: unknown): StoredIndex | null {
  if (!isObject(raw) || raw.v !== FORMAT_VERSION || raw.did !== did || !isTime(raw.exp))
    return null;
  const entries = decodeTimes(raw.entries);
  const revoked = decodeTimes(raw.revoked ?? []);
  if (entries === null || revoked === null) return null;
  return { did, entries, revoked, exp: raw.exp };
}

/** `[id, time]` pairs as a map, or `null` when any pair is malformed. */
function decodeTimes(raw: unknown): Map<string, number> | null {
  if (!Array.isArray(raw)) return null;
  const map = new Map<string, number>();
  for (const entry of raw) {
    if (!Array.isArray(entry) || entry.length !== 2) return null;
    const [id, time] = entry as unknown[];
    if (typeof id !== 'string' || !isTime(time)) return null;
    map.set(id, time);
  }
  return map;
}

/** A revocation marker: when the session was revoked and until when its record is kept. */
export interface StoredMarker {
  readonly revokedAt: number;
  readonly keepUntil: number;
}

/** The value of a revocation marker. */
export function encodeMarker(marker: StoredMarker): Record<string, unknown> {
  return { v: FORMAT_VERSION, revokedAt: marker.revokedAt, keepUntil: marker.keepUntil };
}

/** A marker, or `null` when unreadable (its presence alone still means revoked). */
export function decodeMarker(raw: unknown): StoredMarker | null {
  if (!isObject(raw) || raw.v !== FORMAT_VERSION) return null;
  return isTime(raw.revokedAt) && isTime(raw.keepUntil)
    ? { revokedAt: raw.revokedAt, keepUntil: raw.keepUntil }
    : null;
}

/** The value of a blacklist entry. */
export function encodeToken(expiresAt: number): Record<string, unknown> {
  return { v: FORMAT_VERSION, exp: expiresAt };
}

/** When a blacklist entry ends, or `null` when the value is not one this version can read. */
export function decodeToken(raw: unknown): number | null {
  return isObject(raw) && raw.v === FORMAT_VERSION && isTime(raw.exp) ? raw.exp : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
