import { IoRedisStorage } from '@coatcheck/ioredis';
import {
  checkCreateRace,
  checkRevokeManyRace,
  checkRevokeRace,
  checkRotateRace,
  raceCreates,
  raceRevokeAgainstUpdates,
  raceRevokeAllAgainstCreates,
  raceRevokeOthersAgainstCreates,
  raceRotations,
  randomDid,
} from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, freshPrefix, type Topology } from './helpers.js';

/** Runs `trials` races one after another; collects every problem with its trial number. */
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
 * The races of the issue at full size on one topology (one file per topology, so that vitest
 * runs them side by side), checked by the conformance suite's own checkers.
 */
export function describeRaces(topology: Topology): void {
  describe(`${topology}: races`, () => {
    let client: ReturnType<typeof connect>;
    let storage: IoRedisStorage;
    beforeAll(() => {
      client = connect(topology);
      storage = new IoRedisStorage(client, { keyPrefix: freshPrefix() });
    });
    afterAll(() => client.quit());

    it('200 concurrent creates for one DID with limit 5 leave exactly 5 live (100 trials)', async () => {
      const problems = await trials(100, async () =>
        checkCreateRace(await raceCreates({ storage, did: randomDid(), creates: 200, limit: 5 })),
      );
      expect(problems).toEqual([]);
    });

    it('a revoke racing updates and reads never brings the session back (500 trials)', async () => {
      const problems = await trials(500, async () =>
        checkRevokeRace(await raceRevokeAgainstUpdates({ storage, did: randomDid(), updates: 10 })),
      );
      expect(problems).toEqual([]);
    });

    it('revokeAllSessions racing 50 creates is linearizable (100 trials)', async () => {
      const problems = await trials(100, async () =>
        checkRevokeManyRace(
          await raceRevokeAllAgainstCreates({
            storage,
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
            storage,
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
        checkRotateRace(await raceRotations({ storage, did: randomDid(), rotations: 20 })),
      );
      expect(problems).toEqual([]);
    });
  });
}
