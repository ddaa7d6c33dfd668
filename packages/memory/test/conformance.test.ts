import { runConformanceSuite } from '@coatcheck/storage-tests';
import { MemoryStorage } from '../src/index.js';

// The shared conformance suite, with the raw record view for the retention checks.
runConformanceSuite({
  name: 'MemoryStorage',
  createStorage: () => new MemoryStorage(),
  inspect: {
    recordTtlMs: async (storage, sessionId, now) =>
      (storage as MemoryStorage).recordTtl(sessionId, now),
  },
});
