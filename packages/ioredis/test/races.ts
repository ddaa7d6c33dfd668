import { IoRedisStorage } from '@coatcheck/ioredis';
import { describeRaceTrials } from '@coatcheck/storage-tests';
import { afterAll } from 'vitest';
import { connect, freshPrefix, type Topology } from './helpers.js';

/**
 * The races of the issue at full size on one topology (one file per topology, so that vitest
 * runs them side by side), from the conformance suite's `describeRaceTrials`.
 */
export function describeRaces(topology: Topology): void {
  let client: ReturnType<typeof connect> | undefined;
  afterAll(() => client?.quit());
  describeRaceTrials(`${topology}: races`, () => {
    client = connect(topology);
    return new IoRedisStorage(client, { keyPrefix: freshPrefix() });
  });
}
