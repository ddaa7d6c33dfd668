import { MAX_DID_LENGTH, parseDid } from './did.js';
import { InvalidArgumentError } from './errors.js';
import type { Did } from './types.js';

/** Input limits of the public contract ({@link https://github.com/coatcheck/coatcheck/blob/main/docs/design.md#input-limits | "Input limits"}). */
export const LIMITS = Object.freeze({
  did: MAX_DID_LENGTH,
  ipAddress: 64,
  userAgent: 1024,
  deviceId: 256,
  scopeEntries: 64,
  scopeEntry: 256,
  jti: 256,
});

/** Metadata as stored: user agent cut to its limit, scope always present. */
export interface NormalizedMetadata {
  readonly ipAddress: string;
  readonly userAgent: string;
  readonly deviceId?: string;
  readonly scope: readonly string[];
}

export function assertDid(did: unknown, field = 'did'): asserts did is Did {
  parseDid(did, field);
}

export function assertSessionIdType(
  sessionId: unknown,
  field = 'sessionId',
): asserts sessionId is string {
  if (typeof sessionId !== 'string') throw new InvalidArgumentError(field, 'must be a string');
}

function boundedString(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw new InvalidArgumentError(field, 'must be a string');
  if (value.length > max)
    throw new InvalidArgumentError(field, `must be at most ${max} characters`);
  return value;
}

function plainObject(field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(field, 'must be an object');
  }
  return value as Record<string, unknown>;
}

export function normalizeScope(scope: unknown, field: string): readonly string[] {
  if (!Array.isArray(scope)) throw new InvalidArgumentError(field, 'must be an array of strings');
  if (scope.length > LIMITS.scopeEntries) {
    throw new InvalidArgumentError(field, `must hold at most ${LIMITS.scopeEntries} entries`);
  }
  return Object.freeze(
    scope.map((entry, i) => boundedString(`${field}[${i}]`, entry, LIMITS.scopeEntry)),
  );
}

export function normalizeMetadata(metadata: unknown): NormalizedMetadata {
  const m = plainObject('metadata', metadata);
  const ipAddress = boundedString('metadata.ipAddress', m.ipAddress, LIMITS.ipAddress);
  if (typeof m.userAgent !== 'string') {
    throw new InvalidArgumentError('metadata.userAgent', 'must be a string');
  }
  const userAgent = m.userAgent.slice(0, LIMITS.userAgent);
  const scope =
    m.scope === undefined ? Object.freeze([]) : normalizeScope(m.scope, 'metadata.scope');
  if (m.deviceId === undefined) return { ipAddress, userAgent, scope };
  const deviceId = boundedString('metadata.deviceId', m.deviceId, LIMITS.deviceId);
  return { ipAddress, userAgent, deviceId, scope };
}

export function assertDate(value: unknown, field: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidArgumentError(field, 'must be a valid Date');
  }
}

export function assertJti(jti: unknown): asserts jti is string {
  boundedString('jti', jti, LIMITS.jti);
  if ((jti as string).length === 0) throw new InvalidArgumentError('jti', 'must not be empty');
}

/** The validated update, as epoch milliseconds. */
export interface NormalizedUpdate {
  readonly lastActivity?: number;
  readonly expiresAt?: number;
  readonly scope?: readonly string[];
}

const UPDATE_FIELDS = new Set(['lastActivity', 'expiresAt', 'scope']);

export function normalizeUpdate(updates: unknown): NormalizedUpdate {
  const u = plainObject('updates', updates);
  for (const key of Object.keys(u)) {
    // A typo such as `scopes` would otherwise be dropped without a word.
    if (!UPDATE_FIELDS.has(key)) {
      throw new InvalidArgumentError(
        `updates.${key}`,
        'is not a field updateSession can change (lastActivity, expiresAt, scope)',
      );
    }
  }
  const out: { lastActivity?: number; expiresAt?: number; scope?: readonly string[] } = {};
  if (u.lastActivity !== undefined) {
    assertDate(u.lastActivity, 'updates.lastActivity');
    out.lastActivity = u.lastActivity.getTime();
  }
  if (u.expiresAt !== undefined) {
    assertDate(u.expiresAt, 'updates.expiresAt');
    out.expiresAt = u.expiresAt.getTime();
  }
  if (u.scope !== undefined) out.scope = normalizeScope(u.scope, 'updates.scope');
  return out;
}

/** `revokeSession`'s options, checked. */
export function normalizeRevokeOptions(options: unknown): { readonly did: Did | undefined } {
  if (options === undefined) return { did: undefined };
  const o = plainObject('options', options);
  if (o.did === undefined) return { did: undefined };
  assertDid(o.did, 'options.did');
  return { did: o.did };
}

/** `listSessions`'s options, checked. */
export function normalizeListOptions(options: unknown): { readonly includeRevoked: boolean } {
  if (options === undefined) return { includeRevoked: false };
  const o = plainObject('options', options);
  if (o.includeRevoked !== undefined && typeof o.includeRevoked !== 'boolean') {
    throw new InvalidArgumentError('options.includeRevoked', 'must be a boolean');
  }
  return { includeRevoked: o.includeRevoked === true };
}
