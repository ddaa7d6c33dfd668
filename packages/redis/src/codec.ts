import { type Did, isDid, type SessionRecord } from '@coatcheck/core';
import { PureCache } from './pure-cache.js';
import { escapeText, unescapeText } from './text-codec.js';

/**
 * The version every record written by this package starts with. A record with another version
 * reads as no session (fail closed) until a release that knows it is deployed.
 */
export const RECORD_VERSION = '1';

// Hex of up to 8_640_000_000_000_000 (the largest Date), as Lua's string.format('%x') writes it.
const TIME = /^[0-9a-f]{1,14}$/;
const OFFSET = /^-?[0-9a-f]{1,14}$/;
// JSON made pure ASCII, with the field separator escaped too: byte length = string length in
// Lua and in every client, and '|' never occurs inside a field.
const UNSAFE_JSON = /[|\u007f-\uffff]/g;

/**
 * A session record as stored: one compact Redis string (a hash would switch to its large
 * encoding for user agents over 64 bytes).
 *
 * `1|<createdAt>|<expiresAt>|<lastActivity>|<revokedAt>|<did>|<scope>|<ip>|<userAgent>[|<deviceId>]`
 *
 * - `createdAt` and `revokedAt` (empty while live): ms since the epoch in lower-case hex (what
 *   Lua's `string.format('%x')` writes natively, so a script rewrites a time without a loop);
 * - `expiresAt` and `lastActivity`: signed hex offsets in ms from `createdAt`;
 * - `did`: as given (DID syntax has no `|`);
 * - `scope`: an ASCII JSON array of strings, empty when there are none;
 * - `ip`, `userAgent`, `deviceId`: escaped text (see `escapeText`), common user-agent phrases
 *   as two-character codes.
 *
 * The Lua scripts read and rewrite only the header (the fields up to and with `did`) and copy the
 * rest as opaque text; `rotate` and `update` check its shape first (`update` may replace `scope`
 * with text from {@link encodeScope}). Everything else is checked by {@link decodeRecord}.
 *
 * @throws RangeError when a time is not a non-negative safe integer.
 */
export function encodeRecord(record: SessionRecord): string {
  const fields = [
    RECORD_VERSION,
    encodeTime(record.createdAt),
    encodeOffset(record.expiresAt, record.createdAt),
    encodeOffset(record.lastActivity, record.createdAt),
    '',
    record.did,
    encodeScope(record.scope),
    escapeText(record.ipAddress),
    escapeText(record.userAgent),
  ];
  if (record.deviceId !== undefined) fields.push(escapeText(record.deviceId));
  return fields.join('|');
}

/** The `scope` field of a stored record: empty for no scopes, else an ASCII JSON array. */
export function encodeScope(scope: readonly string[]): string {
  if (scope.length === 0) return '';
  return JSON.stringify(scope).replace(
    UNSAFE_JSON,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A time as stored: lower-case hex of a non-negative safe integer (ms since the epoch). */
export function encodeTime(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new RangeError('times must be non-negative integer milliseconds');
  return ms.toString(16);
}

/** `ms - base` in signed hex; `ms` must itself be a valid time. */
function encodeOffset(ms: number, base: number): string {
  encodeTime(ms);
  const offset = ms - base;
  return offset < 0 ? `-${encodeTime(-offset)}` : encodeTime(offset);
}

/** A decoded record, with its revocation time when it is revoked. */
export interface DecodedRecord {
  readonly record: SessionRecord;
  readonly revokedAt: number | null;
}

/**
 * Reads a stored record for `sessionId`; `null` when the value is not a record this version
 * can read (wrong shape, unknown version, bad times, DID, scope or text fields).
 */
export function decodeRecord(sessionId: string, raw: unknown): DecodedRecord | null {
  if (typeof raw !== 'string') return null;
  const parts = raw.split('|');
  const n = parts.length;
  if ((n !== 9 && n !== 10) || parts[0] !== RECORD_VERSION) return null;
  const createdAt = decodeTime(parts[1]);
  if (createdAt === null) return null;
  const expiresAt = decodeOffset(createdAt, parts[2]);
  const lastActivity = decodeOffset(createdAt, parts[3]);
  const r = parts[4] as string;
  const did = parts[5] as string;
  const scopeText = parts[6] as string;
  const revokedAt = r === '' ? null : decodeTime(r);
  if (expiresAt === null || lastActivity === null || (revokedAt === null && r !== '')) return null;
  if (!isDid(did)) return null;
  const scope = scopeText === '' ? NO_SCOPE : decodeScope(scopeText);
  if (scope === null) return null;
  const ipAddress = unescapeText(parts[7] as string);
  const userAgent = unescapeText(parts[8] as string);
  const deviceId = n === 10 ? unescapeText(parts[9] as string) : undefined;
  if (ipAddress === null || userAgent === null || deviceId === null) return null;
  // Two literals rather than a spread: one fixed object shape per case keeps reads cheap.
  const record: SessionRecord =
    deviceId === undefined
      ? {
          id: sessionId,
          did: did as Did,
          createdAt,
          expiresAt,
          lastActivity,
          ipAddress,
          userAgent,
          scope,
        }
      : {
          id: sessionId,
          did: did as Did,
          createdAt,
          expiresAt,
          lastActivity,
          ipAddress,
          userAgent,
          deviceId,
          scope,
        };
  return { record, revokedAt };
}

const NO_SCOPE: readonly string[] = Object.freeze([]);
// Scope texts repeat across sessions and reads: each distinct one is parsed once into a frozen
// array, which the manager hands out without a copy. A scope may be 16 KB: only short ones kept.
const SCOPES = new PureCache<readonly string[]>(256, 1024);

/** A stored scope array (non-empty, strings only), or `null`. */
function decodeScope(text: string): readonly string[] | null {
  const cached = SCOPES.get(text);
  if (cached !== undefined) return cached;
  const parsed = parseJson(text);
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((s) => typeof s === 'string'))
    return null;
  return SCOPES.set(text, Object.freeze(parsed as string[]));
}

function decodeTime(text: string | undefined): number | null {
  if (text === undefined || !TIME.test(text)) return null;
  const ms = Number.parseInt(text, 16);
  return Number.isSafeInteger(ms) ? ms : null;
}

function decodeOffset(base: number, text: string | undefined): number | null {
  if (text === undefined || !OFFSET.test(text)) return null;
  const ms = base + Number.parseInt(text, 16);
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
