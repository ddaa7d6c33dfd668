/**
 * Results of a pure function of a string, remembered for values that repeat across reads (user
 * agents, scope lists). Bounded in entries and in key length; emptied when full rather than
 * tracking age, since a working set larger than the bound gains nothing either way.
 */
export class PureCache<V> {
  readonly #entries = new Map<string, V>();
  readonly #maxEntries: number;
  readonly #maxKeyLength: number;

  constructor(maxEntries: number, maxKeyLength: number) {
    this.#maxEntries = maxEntries;
    this.#maxKeyLength = maxKeyLength;
  }

  /** The remembered result for `key`, if any. */
  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  /** Remembers `value` for `key` (unless the key is too long) and returns it. */
  set(key: string, value: V): V {
    if (key.length <= this.#maxKeyLength) {
      if (this.#entries.size >= this.#maxEntries) this.#entries.clear();
      this.#entries.set(key, value);
    }
    return value;
  }
}
