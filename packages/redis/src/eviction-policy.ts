import type { Logger } from '@coatcheck/core';

/**
 * Reads the `maxmemory-policy` of every primary the client talks to (`CONFIG GET`). Rejects
 * when the server refuses `CONFIG` (managed services often do); the check is then skipped.
 */
export type EvictionPolicyReader = () => Promise<readonly string[]>;

/**
 * Checks the eviction policy once, at first use, without delaying that use: any policy but
 * `noeviction` can silently drop revocations and sessions under memory pressure, so it is
 * logged at error level. A refused or failed `CONFIG GET` is ignored.
 */
export class EvictionPolicyCheck {
  #pending: EvictionPolicyReader | undefined;
  readonly #adapter: string;

  constructor(adapter: string, read: EvictionPolicyReader | undefined) {
    this.#adapter = adapter;
    this.#pending = read;
  }

  /** Starts the check on the first call; later calls do nothing. */
  run(logger: Logger): void {
    const read = this.#pending;
    if (read === undefined) return;
    this.#pending = undefined;
    read().then(
      (policies) => {
        const bad = [...new Set(policies)].filter((policy) => policy !== 'noeviction');
        if (bad.length === 0) return;
        logger.error(
          'coatcheck: Redis maxmemory-policy is not noeviction; under memory pressure Redis may drop revocations and sessions',
          { adapter: this.#adapter, maxmemoryPolicy: bad.join(',') },
        );
      },
      () => {},
    );
  }
}
