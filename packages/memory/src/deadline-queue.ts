/**
 * Keys with deadlines, expired in deadline order without a timer: the owner calls `sweep(now)`
 * at the start of each operation. A binary min-heap holds one armed entry per key; moving a
 * deadline later costs nothing (the entry re-arms when it fires), moving it earlier pushes one
 * entry and strands the old one, which is dropped when it surfaces. Each operation thus costs
 * O(log n) plus O(log n) per key it expires.
 */
export class DeadlineQueue {
  readonly #deadlines = new Map<string, { deadline: number; armedAt: number }>();
  readonly #heap: { at: number; key: string }[] = [];

  get size(): number {
    return this.#deadlines.size;
  }

  deadlineOf(key: string): number | undefined {
    return this.#deadlines.get(key)?.deadline;
  }

  set(key: string, deadline: number): void {
    const slot = this.#deadlines.get(key);
    if (slot === undefined) {
      this.#deadlines.set(key, { deadline, armedAt: deadline });
      this.#push({ at: deadline, key });
      return;
    }
    slot.deadline = deadline;
    if (deadline < slot.armedAt) {
      slot.armedAt = deadline;
      this.#push({ at: deadline, key });
    }
  }

  delete(key: string): void {
    this.#deadlines.delete(key);
  }

  /** Removes every key whose deadline is at or before `now`, calling `onExpire` for each. */
  sweep(now: number, onExpire: (key: string) => void): void {
    while (this.#heap.length > 0 && this.#heap[0]!.at <= now) {
      const { at, key } = this.#pop();
      const slot = this.#deadlines.get(key);
      if (slot === undefined || slot.armedAt !== at) continue; // stranded entry
      if (slot.deadline <= now) {
        this.#deadlines.delete(key);
        onExpire(key);
      } else {
        slot.armedAt = slot.deadline;
        this.#push({ at: slot.deadline, key });
      }
    }
  }

  #push(entry: { at: number; key: string }): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= entry.at) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  #pop(): { at: number; key: string } {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]!.at < heap[left]!.at ? right : left;
      if (heap[child]!.at >= last.at) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
