import type { SessionStorage } from '@coatcheck/core';
import type { Op, Workload } from './harness.js';
import type { RequestCounter } from './request-counter.js';

/** A storage under test, with what the bench needs around it. */
export interface SessionBackend {
  /** Short key used in row ids, such as `ioredis`. */
  readonly id: string;
  /** Table heading, such as `IoRedisStorage (ioredis 6.0.0)`. */
  readonly group: string;
  /** The storage under test, on the backend as the last `reset` left it. */
  createStorage(): SessionStorage;
  /**
   * A faster storage that writes the same data (IoRedisStorage for UpstashStorage), used to
   * prepare sessions that operations then use up. Defaults to `createStorage`.
   */
  fillStorage?(): SessionStorage;
  /** Drops everything the backend holds. */
  reset(): Promise<void>;
  /** Counts what the backend receives per operation, when it can. */
  readonly counter?: RequestCounter;
  /** Rows measured before the session rows, in the same table: the backend's own round trip. */
  readonly baselines?: readonly Workload[];
  /**
   * The backend's own raw `EVALSHA` of the limit script, when its client is not the shared
   * ioredis one: its getSession row is then also measured in windows paired with it.
   */
  readonly evalshaReference?: () => Promise<Op>;
  /** Whether the backend is fast enough for the largest scaling point and footprint runs. */
  readonly scaling?: boolean;
}

/** A backend that could not be set up, and why. */
export interface MissingBackend {
  readonly group: string;
  readonly reason: string;
}

/**
 * Imports `specifier` if it is installed and built. The specifier is a variable so that the
 * bench compiles and runs while an adapter package is not built yet: its rows are then
 * skipped with a "not available" line instead of failing the run.
 */
export async function importOptional(specifier: string): Promise<Record<string, unknown> | Error> {
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** A constructor of a Redis-style adapter: `new XStorage(client, { keyPrefix })`. */
export type AdapterConstructor = new (
  client: unknown,
  options?: { keyPrefix?: string },
) => SessionStorage;

/** Reads a named constructor from an optional module, or explains why it is missing. */
export async function loadAdapter(
  specifier: string,
  exportName: string,
): Promise<AdapterConstructor | string> {
  const mod = await importOptional(specifier);
  if (mod instanceof Error) return `${specifier} is not available (${describe(mod)})`;
  const ctor = mod[exportName];
  if (typeof ctor !== 'function') return `${specifier} has no export ${exportName}`;
  return ctor as AdapterConstructor;
}

// The error code only: messages hold file paths of the machine, which stay out of the report.
function describe(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return code === 'ERR_MODULE_NOT_FOUND'
    ? 'not built or not installed'
    : String(code ?? error.name);
}
