import { InvalidArgumentError } from '@coatcheck/core';
import type { RedisScript } from './scripts.js';

/**
 * How many replicas must hold a revoking step before it resolves: after the script, the
 * adapter sends `WAIT replicas timeoutMs` on the same connection, in the same round trip.
 */
export interface DurabilityOptions {
  /** Replicas that must acknowledge the step (an integer from 1 to 64). */
  readonly replicas: number;
  /** How long to wait for them, in ms (an integer from 1 to 60000). */
  readonly timeoutMs: number;
}

/**
 * Sends a script and then `WAIT replicas timeoutMs` on the same connection (pipelined: one
 * round trip), and resolves with the script's reply and the number of replicas `WAIT`
 * reported. Rejects with the client's error, as a {@link ScriptRunner} does.
 */
export type DurableScriptRunner = (
  script: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
  durability: DurabilityOptions,
) => Promise<{ readonly reply: unknown; readonly replicas: number }>;

/** Thrown (as a `StorageError` cause) when fewer replicas acknowledged than asked for. */
export class ReplicationTimeoutError extends Error {
  /** Replicas that did acknowledge in time. */
  readonly acknowledged: number;

  constructor(acknowledged: number, durability: DurabilityOptions) {
    super(
      `${acknowledged} of ${durability.replicas} replicas acknowledged within ${durability.timeoutMs} ms; ` +
        'the revocation stands on the primary and a retry is safe',
    );
    this.name = 'ReplicationTimeoutError';
    this.acknowledged = acknowledged;
  }
}

/** The checked `durability` option, frozen; `undefined` when none was given. */
export function checkDurability(value: unknown, runner: unknown): DurabilityOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null)
    throw new InvalidArgumentError('durability', 'must be an object { replicas, timeoutMs }');
  for (const key of Object.keys(value)) {
    if (key !== 'replicas' && key !== 'timeoutMs')
      throw new InvalidArgumentError(`durability.${key}`, 'is not an option');
  }
  const { replicas, timeoutMs } = value as Record<string, unknown>;
  if (!Number.isInteger(replicas) || (replicas as number) < 1 || (replicas as number) > 64)
    throw new InvalidArgumentError('durability.replicas', 'must be an integer from 1 to 64');
  if (!Number.isInteger(timeoutMs) || (timeoutMs as number) < 1 || (timeoutMs as number) > 60_000)
    throw new InvalidArgumentError('durability.timeoutMs', 'must be an integer from 1 to 60000');
  if (typeof runner !== 'function')
    throw new InvalidArgumentError('durability', 'this adapter cannot wait for replicas');
  return Object.freeze({ replicas: replicas as number, timeoutMs: timeoutMs as number });
}
