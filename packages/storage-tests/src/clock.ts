import { sleep } from './fixtures.js';

/** The time source of a test; {@link ConformanceOptions.clock} picks the kind. */
export interface TestClock {
  /** Whether time moves only when told to (`'manual'`) or by itself (`'real'`). */
  readonly mode: 'manual' | 'real';
  /** The current time in ms since the epoch; pass it as the manager's `now`. */
  readonly now: () => number;
  /** Moves time forward by at least `ms`: instantly (manual) or by sleeping (real). */
  advance(ms: number): Promise<void>;
}

/**
 * A clock that moves only through `advance`. It starts at the real time, so that backends whose
 * TTLs run on their own clock get positive relative TTLs.
 */
export function manualClock(start = Date.now()): TestClock {
  let current = start;
  return {
    mode: 'manual',
    now: () => current,
    advance: async (ms) => {
      current += ms;
    },
  };
}

/** The real clock; `advance` sleeps until at least `ms` have passed. */
export function realClock(): TestClock {
  return {
    mode: 'real',
    now: () => Date.now(),
    advance: async (ms) => {
      const until = Date.now() + ms;
      // Timers may fire a millisecond early; loop until the clock really passed the mark.
      while (Date.now() < until) await sleep(Math.max(1, until - Date.now()));
    },
  };
}
