import { runConformanceSuite } from '@coatcheck/storage-tests';
import { afterAll, beforeAll } from 'vitest';
import { UpstashStorage } from '../src/index.js';
import { type Backend, freshPrefix, startBackend } from './support/backend.js';

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await backend?.stop();
});

runConformanceSuite({
  name: 'UpstashStorage',
  createStorage: () => new UpstashStorage(backend.upstash(), { keyPrefix: freshPrefix() }),
  inspect: {
    // Redis TTLs run on the server clock: move PTTL onto the suite's clock.
    recordTtlMs: async (storage, id, now) => {
      const ms = await backend.io.pttl((storage as UpstashStorage).keys.record(id));
      if (ms === -2) return null;
      if (ms === -1) return Number.POSITIVE_INFINITY;
      const left = ms - (now - Date.now());
      return left > 0 ? left : null;
    },
  },
});
