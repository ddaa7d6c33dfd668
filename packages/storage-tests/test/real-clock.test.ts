import { describe } from 'vitest';
import { describeTokens, REAL_CLOCK_TEST_TIMEOUT_MS } from '../src/index.js';
import { ReferenceStorage } from '../src/reference-storage.js';

// One concern under the real clock (a few seconds of sleeping) keeps that mode honest; the
// whole suite under it takes about 50 s, which only adapters that need it should pay.
describe('ReferenceStorage under the real clock', { timeout: REAL_CLOCK_TEST_TIMEOUT_MS }, () => {
  describeTokens({
    name: 'ReferenceStorage',
    clock: 'real',
    createStorage: () => new ReferenceStorage(),
  });
});
