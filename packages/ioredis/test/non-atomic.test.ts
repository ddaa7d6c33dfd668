import {
  checkCreateRace,
  checkRevokeManyRace,
  checkRevokeRace,
  checkRotateRace,
  raceCreates,
  raceRevokeAgainstUpdates,
  raceRevokeAllAgainstCreates,
  raceRotations,
  randomDid,
} from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, freshPrefix } from './helpers.js';
import { NonAtomicStorage } from './non-atomic-storage.js';

// The race checks of concurrency.test.ts must catch a storage that splits its steps; this
// proves they would fail if a script stopped being atomic. Few trials: one failure suffices.
describe('the race checks catch a non-atomic storage', () => {
  let client: ReturnType<typeof connect>;
  let storage: NonAtomicStorage;
  beforeAll(() => {
    client = connect('standalone');
    storage = new NonAtomicStorage(client, freshPrefix());
  });
  afterAll(() => client.quit());

  const failing = async (count: number, race: () => Promise<string[]>) => {
    let failed = 0;
    const examples = new Set<string>();
    for (let trial = 0; trial < count; trial++) {
      const problems = await race();
      if (problems.length > 0) failed += 1;
      for (const problem of problems) examples.add(problem);
    }
    return { failed, examples: [...examples] };
  };

  it('200 concurrent creates with limit 5', async () => {
    const result = await failing(3, async () =>
      checkCreateRace(await raceCreates({ storage, did: randomDid(), creates: 200, limit: 5 })),
    );
    console.log(
      `non-atomic create: ${result.failed}/3 trials failed: ${result.examples.join('; ')}`,
    );
    expect(result.failed).toBeGreaterThan(0);
  });

  it('revoke racing updates and reads', async () => {
    const result = await failing(10, async () =>
      checkRevokeRace(await raceRevokeAgainstUpdates({ storage, did: randomDid(), updates: 10 })),
    );
    console.log(
      `non-atomic update/get: ${result.failed}/10 trials failed: ${result.examples.join('; ')}`,
    );
    expect(result.failed).toBeGreaterThan(0);
  });

  it('revokeAll racing creates', async () => {
    const result = await failing(5, async () =>
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
    console.log(
      `non-atomic revokeAll: ${result.failed}/5 trials failed: ${result.examples.join('; ')}`,
    );
    expect(result.failed).toBeGreaterThan(0);
  });

  it('rotations racing a revoke', async () => {
    const result = await failing(5, async () =>
      checkRotateRace(await raceRotations({ storage, did: randomDid(), rotations: 20 })),
    );
    console.log(
      `non-atomic rotate: ${result.failed}/5 trials failed: ${result.examples.join('; ')}`,
    );
    expect(result.failed).toBeGreaterThan(0);
  });
});
