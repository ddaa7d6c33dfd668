import { describe, expect, it } from 'vitest';
import { idsOf } from './assertions.js';
import { metadata, randomDid } from './fixtures.js';
import { useHarness } from './harness.js';
import { type ConformanceOptions, DEFAULT_CONCURRENCY } from './options.js';
import {
  checkBestEffort,
  checkCreateRace,
  checkRevokeManyRace,
  checkRevokeRace,
} from './race-checks.js';
import {
  raceCreates,
  raceRevokeAgainstUpdates,
  raceRevokeAllAgainstCreates,
} from './race-scenarios.js';

const LIMIT = 5;

/**
 * Registers the race checks. The storage is made per test (a backend may only be up by
 * then), so each test reads `capabilities.atomic` when it runs: atomic storages get the exact
 * checks (the limit holds under any number of concurrent creates, revoke-all is linearizable),
 * others what best effort still promises (a revoked session stays dead, list and get agree,
 * sequential behaviour afterwards is exact). No test is ever skipped.
 */
export function describeConcurrency(options: ConformanceOptions): void {
  const creates = options.concurrency?.creates ?? DEFAULT_CONCURRENCY.creates;
  const trials = options.concurrency?.trials ?? DEFAULT_CONCURRENCY.trials;

  describe('concurrency', () => {
    const h = useHarness(options);
    const setup = () => ({ storage: h().storage, did: randomDid(), now: h().clock.now });

    it('the storage declares whether it is atomic', () => {
      expect(typeof h().raw.capabilities.atomic).toBe('boolean');
    });

    it(`${creates} concurrent creates with limit ${LIMIT}: exactly ${LIMIT} remain when atomic (${trials} trials)`, async () => {
      for (let trial = 0; trial < trials; trial++) {
        const race = setup();
        const outcome = await raceCreates({ ...race, creates, limit: LIMIT });
        if (h().raw.capabilities.atomic) {
          expect(checkCreateRace(outcome), `trial ${trial}`).toEqual([]);
          continue;
        }
        expect(checkBestEffort(outcome), `trial ${trial}`).toEqual([]);
        // Without atomicity the limit may be overrun by the race, but one more create, alone,
        // brings the user back to exactly the limit.
        const manager = h().manager({ maxSessionsPerUser: LIMIT });
        await h().clock.advance(1); // strictly newest, so never the one evicted
        const last = await manager.createSession(race.did, metadata());
        const listed = await manager.listSessions(race.did);
        expect(listed, `trial ${trial}`).toHaveLength(LIMIT);
        expect(idsOf(listed)[0]).toBe(last.id);
      }
    });

    it(`revokeAllSessions racing ${creates} creates is linearizable when atomic (${trials} trials)`, async () => {
      for (let trial = 0; trial < trials; trial++) {
        const outcome = await raceRevokeAllAgainstCreates({
          ...setup(),
          creates,
          preexisting: 3,
          limit: LIMIT,
        });
        if (h().raw.capabilities.atomic) {
          expect(checkRevokeManyRace(outcome), `trial ${trial}`).toEqual([]);
        } else {
          expect(checkBestEffort(outcome), `trial ${trial}`).toEqual([]);
          const survivors = outcome.preexisting.filter((id) => outcome.readable.includes(id));
          expect(survivors, `trial ${trial}: sessions older than revokeAll survived`).toEqual([]);
        }
      }
    });

    it(`a revoke racing updates and reads never brings the session back (${trials} trials)`, async () => {
      for (let trial = 0; trial < trials; trial++) {
        const outcome = await raceRevokeAgainstUpdates({ ...setup(), updates: 10 });
        expect(checkRevokeRace(outcome), `trial ${trial}`).toEqual([]);
      }
    });
  });
}
