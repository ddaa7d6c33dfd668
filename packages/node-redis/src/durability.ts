import { InvalidArgumentError } from '@coatcheck/core';

/**
 * How many replicas must hold a revocation before the call resolves, and for how long to
 * wait for them (`WAIT replicas timeoutMs` after every revoking step).
 */
export interface DurabilityOptions {
  /** Replicas that must acknowledge; a positive integer. */
  readonly replicas: number;
  /** Longest wait for them, in milliseconds; a positive integer. */
  readonly timeoutMs: number;
}

function positiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
    throw new InvalidArgumentError(field, 'must be a positive integer');
  return value;
}

/**
 * Checks a `durability` option: `undefined`, or an object of exactly `replicas` and
 * `timeoutMs`, both positive integers.
 * @throws InvalidArgumentError naming the offending field.
 */
export function checkDurability(value: unknown): DurabilityOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidArgumentError('durability', 'must be an object { replicas, timeoutMs }');
  for (const key of Object.keys(value)) {
    if (key !== 'replicas' && key !== 'timeoutMs')
      throw new InvalidArgumentError(`durability.${key}`, 'is not an option');
  }
  const { replicas, timeoutMs } = value as Record<string, unknown>;
  return Object.freeze({
    replicas: positiveInteger(replicas, 'durability.replicas'),
    timeoutMs: positiveInteger(timeoutMs, 'durability.timeoutMs'),
  });
}
