import { type SessionStorage, STORAGE_OPERATIONS } from '@coatcheck/core';

/** The methods of {@link SessionStorage} that reach the backend. */
export type StorageOperation = Exclude<keyof SessionStorage, 'name' | 'capabilities'>;

const OPERATIONS: readonly StorageOperation[] = STORAGE_OPERATIONS;

/**
 * A storage that forwards every call to `inner` and counts them, to prove that bad input never
 * reaches the backend.
 *
 * @example
 * ```ts
 * const counting = countingStorage(new MemoryStorage());
 * const manager = new SessionManager({ storage: counting });
 * await manager.getSession('not-an-id');
 * counting.total(); // 0
 * ```
 */
export interface CountingStorage extends SessionStorage {
  /** Calls so far, per operation. */
  readonly calls: Readonly<Record<StorageOperation, number>>;
  /** Every call's arguments, in order (to prove what never reaches the backend). */
  readonly log: readonly { readonly op: StorageOperation; readonly args: readonly unknown[] }[];
  /** All calls so far. */
  total(): number;
}

/** Wraps `inner` in a {@link CountingStorage}. */
export function countingStorage(inner: SessionStorage): CountingStorage {
  const calls = Object.fromEntries(OPERATIONS.map((op) => [op, 0])) as Record<
    StorageOperation,
    number
  >;
  const log: { op: StorageOperation; args: unknown[] }[] = [];
  const counted =
    (op: StorageOperation) =>
    // biome-ignore lint/suspicious/noExplicitAny: forwards whatever arguments the method takes
    (...args: any[]) => {
      calls[op] += 1;
      log.push({ op, args });
      return (inner[op] as (...a: unknown[]) => unknown).apply(inner, args);
    };
  return {
    name: inner.name,
    capabilities: inner.capabilities,
    calls,
    log,
    total: () => OPERATIONS.reduce((sum, op) => sum + calls[op], 0),
    create: counted('create'),
    get: counted('get'),
    update: counted('update'),
    revoke: counted('revoke'),
    revokeAll: counted('revokeAll'),
    revokeOthers: counted('revokeOthers'),
    rotate: counted('rotate'),
    list: counted('list'),
    revokeToken: counted('revokeToken'),
    isTokenRevoked: counted('isTokenRevoked'),
  } as CountingStorage;
}
