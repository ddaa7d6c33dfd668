/**
 * Runs the operations of one user one at a time within this process. Keyv has no
 * compare-and-set, so two read-modify-writes of one user's index that overlap lose one of the
 * changes; queueing them here removes that race between callers sharing a Keyv instance, and
 * leaves only the one between processes (see the README).
 */
export class UserLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `step` once every earlier step queued under `key` has settled. */
  async run<T>(key: string, step: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const current = previous.then(step, step);
    const tail = current.catch(() => {});
    this.#tails.set(key, tail);
    try {
      return await current;
    } finally {
      // The last one out removes the key, so the map holds only users with work queued.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}

const registry = new WeakMap<object, UserLocks>();

/** The locks shared by every adapter on the same Keyv instance. */
export function locksFor(keyv: object): UserLocks {
  let locks = registry.get(keyv);
  if (!locks) {
    locks = new UserLocks();
    registry.set(keyv, locks);
  }
  return locks;
}
