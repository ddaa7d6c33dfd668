import { NodeRedisStorage } from '@coatcheck/node-redis';
import { describeRaceTrials } from '@coatcheck/storage-tests';
import { afterAll, beforeAll } from 'vitest';
import { type Combo, type Connected, connect, freshPrefix } from './helpers.js';

/**
 * The full-size races of the conformance suite on one combination (one file per topology, so
 * that vitest runs them side by side).
 */
export function describeRaces(combo: Combo): void {
  let connected: Connected;
  beforeAll(async () => {
    connected = await connect(combo);
  });
  afterAll(() => connected.close());
  describeRaceTrials(
    `node-redis ${combo.version}, RESP${combo.protocol}, ${combo.topology}: races`,
    () => new NodeRedisStorage(connected.client, { keyPrefix: freshPrefix() }),
  );
}
