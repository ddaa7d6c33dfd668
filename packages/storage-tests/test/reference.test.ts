import { runConformanceSuite } from '../src/index.js';
import { ReferenceStorage } from './reference-storage.js';

// The suite's own run: against an obviously correct storage every check must pass.
runConformanceSuite({
  name: 'ReferenceStorage',
  createStorage: () => new ReferenceStorage(),
  inspect: {
    recordTtlMs: async (storage, id, now) => (storage as ReferenceStorage).recordTtl(id, now),
  },
});
