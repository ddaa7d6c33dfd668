/** An index entry: enough to order a user's sessions without reading the records. */
export interface IndexEntry {
  readonly createdAt: number;
  readonly id: string;
}

function before(a: IndexEntry, b: IndexEntry): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}

/**
 * One user's live sessions, oldest `createdAt` first (ties by id, as Redis orders a sorted
 * set). Lookups are binary searches; new sessions are nearly always newest, so inserts land at
 * the end.
 */
export class UserIndex {
  readonly entries: IndexEntry[] = [];

  get size(): number {
    return this.entries.length;
  }

  insert(entry: IndexEntry): void {
    this.entries.splice(this.#lowerBound(entry), 0, entry);
  }

  remove(entry: IndexEntry): void {
    const i = this.#lowerBound(entry);
    if (this.entries[i]?.id === entry.id) this.entries.splice(i, 1);
  }

  #lowerBound(entry: IndexEntry): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.entries[mid]!, entry)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
