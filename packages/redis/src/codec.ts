import { type Did, isDid, type SessionRecord } from '@coatcheck/core';
import { PureCache } from './pure-cache.js';
import { escapeText, unescapeText } from './text-codec.js';

/**
 * The version every record written by this package starts with. A record with another version
 * reads as no session (fail closed) until a release that knows it is deployed.
 */
export const RECORD_VERSION = '2';

// Hex of up to 8_640_000_000_000_000 (the largest Date), as Lua's string.format('%x') writes it.
const TIME = /^[0-9a-f]{1,14}$/;
const OFFSET = /^-?[0-9a-f]{1,14}$/;
const MARK = /^[A-Za-z0-9,_-]*$/;
const SECRET_HASH = /^[A-Za-z0-9_-]{22}$/;
// JSON made pure ASCII, with the field separator escaped too: byte length = string length in
// Lua and in every client, and '|' never occurs inside a field.
const UNSAFE_JSON = /[|\u007f-\uffff]/g;

/**
 * A session record as stored: one field of its bucket's hash, one compact string.
 *
 * `2|<createdAt>|<expiresAt>|<lastActivity>|<keepUntil>|<mark>|<secretHash>|<did>|<scope>|<ip>|<userAgent>[|<deviceId>]`
 *
 * - `createdAt` and `keepUntil` (empty while live; the end of its retention once revoked): ms
 *   since the epoch in lower-case hex (what Lua's `string.format('%x')` writes natively);
 * - `expiresAt` and `lastActivity`: signed hex offsets in ms from `createdAt`;
 * - `mark`: what a re-sent script needs to answer as its first run did: on a live record, the
 *   fields its create evicted (comma-separated); on a revoked one, the operation id of the step
 *   that revoked it (or the field a rotation moved it to); empty otherwise;
 * - `secretHash`: the 22-character hash of the token's secret (never the secret);
 * - `did`: as given (DID syntax has no `|`);
 * - `scope`: an ASCII JSON array of strings, empty when there are none;
 * - `ip`, `userAgent`, `deviceId`: escaped text (see `escapeText`), common user-agent phrases
 *   as two-character codes.
 *
 * The Lua scripts read and rewrite only the header (the fields up to and with `did`) and copy
 * the rest as opaque text; `rotate` and `update` check its shape first.
 *
 * @throws RangeError when a time is not a non-negative safe integer or the hash is malformed.
 */
export function encodeRecord(record: SessionRecord, secretHash: string): string {
  if (!SECRET_HASH.test(secretHash))
    throw new RangeError('secretHash must be 22 base64url characters');
  const fields = [
    RECORD_VERSION,
    encodeTime(record.createdAt),
    encodeOffset(record.expiresAt, record.createdAt),
    encodeOffset(record.lastActivity, record.createdAt),
    '',
    '',
    secretHash,
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

/**
 * Reads a stored record for `sessionId`; `null` when the value is not a record this version
 * can read (wrong shape, unknown version, bad times, DID, scope or text fields). A revoked
 * record comes back with `revoked: true`. The secret's hash is checked for shape and dropped:
 * it never leaves this package.
 */
export function decodeRecord(sessionId: string, raw: unknown): SessionRecord | null {
  if (typeof raw !== 'string') return null;
  const parts = raw.split('|');
  const n = parts.length;
  if ((n !== 11 && n !== 12) || parts[0] !== RECORD_VERSION) return null;
  const createdAt = decodeTime(parts[1]);
  if (createdAt === null) return null;
  const expiresAt = decodeOffset(createdAt, parts[2]);
  const lastActivity = decodeOffset(createdAt, parts[3]);
  const keep = parts[4] as string;
  if (expiresAt === null || lastActivity === null || (keep !== '' && decodeTime(keep) === null))
    return null;
  if (!MARK.test(parts[5] as string) || !SECRET_HASH.test(parts[6] as string)) return null;
  const did = parts[7] as string;
  const scopeText = parts[8] as string;
  if (!isDid(did)) return null;
  const scope = scopeText === '' ? NO_SCOPE : decodeScope(scopeText);
  if (scope === null) return null;
  const ipAddress = unescapeText(parts[9] as string);
  const userAgent = unescapeText(parts[10] as string);
  const deviceId = n === 12 ? unescapeText(parts[11] as string) : undefined;
  if (ipAddress === null || userAgent === null || deviceId === null) return null;
  // Literals rather than spreads: one fixed object shape per case keeps reads cheap.
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
  return keep === '' ? record : { ...record, revoked: true };
}

/**
 * Until when a stored value lives (ms since the epoch on the manager's clock): a live record's
 * `expiresAt`, a revoked one's end of retention; `null` for anything else, such as the short
 * receipt a revocation with no retention leaves so that a re-sent script can report it again.
 * For tests and tools that look at the data.
 */
export function storedDeadline(raw: unknown): number | null {
  if (typeof raw !== 'string') return null;
  const parts = raw.split('|');
  if (parts[0] !== RECORD_VERSION || parts.length < 11) return null;
  const createdAt = decodeTime(parts[1]);
  if (createdAt === null) return null;
  if (parts[4] !== '') return decodeTime(parts[4]);
  return decodeOffset(createdAt, parts[2]);
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
