import type { SessionStorage } from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import { randomDid } from './fixtures.js';
import {
  checkCreateRace,
  checkRevokeManyRace,
  checkRevokeRace,
  checkRotateRace,
} from './race-checks.js';
import {
  raceCreates,
  raceRevokeAgainstUpdates,
  raceRevokeAllAgainstCreates,
  raceRevokeOthersAgainstCreates,
  raceRotations,
} from './race-scenarios.js';

/** Runs `count` races one after another; collects every problem with its trial number. */
async function trials(
  count: number,
  race: (trial: number) => Promise<string[]>,
): Promise<string[]> {
  const problems: string[] = [];
  for (let trial = 0; trial < count; trial++) {
    for (const problem of await race(trial)) problems.push(`trial ${trial}: ${problem}`);
  }
  return problems;
}

/**
 * Registers the full-size races of an atomic storage (hundreds of trials each, far more than
 * {@link runConformanceSuite}'s quick ones), checked by the suite's own checkers. Call it once
 * per backend topology from its own test file, so that the test runner runs them side by side.
 *
 * @param title - the `describe` title, such as `standalone: races`.
 * @param storage - the storage under test, made once the backend is up (called at the first
 * race); every race uses a fresh DID, so one storage serves them all.
 *
 * @example
 * ```ts
 * // test/concurrency-standalone.test.ts
 * describeRaceTrials('standalone: races', () => new IoRedisStorage(client, { keyPrefix }));
 * ```
 */
export function describeRaceTrials(title: string, storage: () => SessionStorage): void {
  describe(title, () => {
    let made: SessionStorage | undefined;
    const get = (): SessionStorage => {
      made ??= storage();
      return made;
    };

    it('200 concurrent creates for one DID with limit 5 leave exactly 5 live (100 trials)', async () => {
      const problems = await trials(100, async () =>
        checkCreateRace(
          await raceCreates({ storage: get(), did: randomDid(), creates: 200, limit: 5 }),
        ),
      );
      expect(problems).toEqual([]);
    });

    it('a revoke racing updates and reads never brings the session back (500 trials)', async () => {
      const problems = await trials(500, async () =>
        checkRevokeRace(
          await raceRevokeAgainstUpdates({ storage: get(), did: randomDid(), updates: 10 }),
        ),
      );
      expect(problems).toEqual([]);
    });

    it('revokeAllSessions racing 50 creates is linearizable (100 trials)', async () => {
      const problems = await trials(100, async () =>
        checkRevokeManyRace(
          await raceRevokeAllAgainstCreates({
            storage: get(),
            did: randomDid(),
            creates: 50,
            preexisting: 3,
            limit: 5,
          }),
        ),
      );
      expect(problems).toEqual([]);
    });

    it('revokeOtherSessions racing 50 creates is linearizable (100 trials)', async () => {
      const problems = await trials(100, async () =>
        checkRevokeManyRace(
          await raceRevokeOthersAgainstCreates({
            storage: get(),
            did: randomDid(),
            creates: 50,
            others: 3,
          }),
        ),
      );
      expect(problems).toEqual([]);
    });

    it('20 rotations of one id racing a revoke leave at most one live id (100 trials)', async () => {
      const problems = await trials(100, async () =>
        checkRotateRace(await raceRotations({ storage: get(), did: randomDid(), rotations: 20 })),
      );
      expect(problems).toEqual([]);
    });
  });
}
