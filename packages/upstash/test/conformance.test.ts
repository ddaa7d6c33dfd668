import { sessionField, storedDeadline } from '@coatcheck/redis';
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
    // A record lives until the earlier of its own deadline and its hash's TTL, which runs on
    // the server clock: move PTTL onto the suite's clock.
    recordTtlMs: async (storage, id, now) => {
      const key = (storage as UpstashStorage).keys.bucket(id);
      const [raw, ms] = await Promise.all([
        backend.io.hget(key, sessionField(id)),
        backend.io.pttl(key),
      ]);
      const deadline = storedDeadline(raw);
      if (deadline === null || ms === -2) return null;
      const keyLeft = ms === -1 ? Number.POSITIVE_INFINITY : ms - (now - Date.now());
      const left = Math.min(deadline - now, keyLeft);
      return left > 0 ? left : null;
    },
    // Values as text (DUMP would compress them and hide a secret from the scan).
    dump: async (storage) => {
      const keys = await backend.io.keys(`${(storage as UpstashStorage).keys.prefix}*`);
      const lines = await Promise.all(
        keys.map(async (key) =>
          (await backend.io.type(key)) === 'hash'
            ? `${key} ${JSON.stringify(await backend.io.hgetall(key))}`
            : `${key} ${await backend.io.get(key)}`,
        ),
      );
      return lines.join('\n');
    },
  },
});
