import { IoRedisStorage } from '@coatcheck/ioredis';
import { describeInterop } from '@coatcheck/storage-tests';
import { afterAll, beforeAll } from 'vitest';
import { UpstashStorage } from '../src/index.js';
import { type Backend, startBackend } from './support/backend.js';

let backend: Backend;

beforeAll(async () => {
  backend = await startBackend();
});

afterAll(async () => {
  await backend?.stop();
});

describeInterop(
  [
    { writer: 'ioredis', reader: 'upstash' },
    { writer: 'upstash', reader: 'ioredis' },
  ],
  (keyPrefix) => ({
    ioredis: new IoRedisStorage(backend.io, { keyPrefix }),
    upstash: new UpstashStorage(backend.upstash(), { keyPrefix }),
  }),
);
