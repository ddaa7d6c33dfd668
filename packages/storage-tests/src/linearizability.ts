import type { ConcreteOp } from './model-check.js';
import { ReferenceStorage } from './reference-storage.js';

/** One operation of a concurrent history, as the client saw it. */
export interface HistoryEntry {
  readonly op: ConcreteOp;
  /** The answer in comparable form (see `ConcreteOp.run`). */
  readonly answer: unknown;
  /** When the call was made and when it returned (any monotonic clock). */
  readonly invokedAt: number;
  readonly returnedAt: number;
}

/**
 * Searches for a sequential order of `entries` that respects real time (an operation that
 * returned before another was invoked comes first) and in which the reference model, after
 * `setup`, gives every recorded answer. Resolves that order (indexes into `entries`), or
 * `null` when none exists: the history is not linearizable. Exhaustive, so keep histories
 * small (up to about 8 concurrent operations).
 */
export async function findLinearization(
  setup: readonly ConcreteOp[],
  entries: readonly HistoryEntry[],
): Promise<number[] | null> {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const mustPrecede = (a: HistoryEntry, b: HistoryEntry) => a.returnedAt < b.invokedAt;

  const answersMatch = async (order: readonly number[]): Promise<boolean> => {
    const model = new ReferenceStorage();
    for (const op of setup) await op.run(model);
    for (const index of order) {
      const entry = entries[index]!;
      if (!same(await entry.op.run(model), entry.answer)) return false;
    }
    return true;
  };

  const search = async (order: number[]): Promise<number[] | null> => {
    if (order.length === entries.length) return order;
    for (let i = 0; i < entries.length; i++) {
      if (order.includes(i)) continue;
      const candidate = entries[i]!;
      // Every operation that finished before this one started must already be placed.
      const ready = entries.every(
        (other, j) => j === i || order.includes(j) || !mustPrecede(other, candidate),
      );
      if (!ready) continue;
      const next = [...order, i];
      if (!(await answersMatch(next))) continue;
      const found = await search(next);
      if (found) return found;
    }
    return null;
  };

  return search([]);
}
