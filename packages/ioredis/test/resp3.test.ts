import { IoRedisStorage } from '@coatcheck/ioredis';
import { runConformanceSuite } from '@coatcheck/storage-tests';
import { Redis } from 'ioredis';
import { afterAll, inject } from 'vitest';
import { freshPrefix } from './helpers.js';

// ioredis 6 can speak RESP3 (`protocol: 3`). Scripts keep replying in RESP2 terms (none calls
// redis.setresp(3)), so the adapter must behave identically over such a connection.
const client = new Redis({ host: '127.0.0.1', port: inject('standalonePort'), protocol: 3 });
afterAll(() => client.quit());

runConformanceSuite({
  name: 'IoRedisStorage (standalone, RESP3 connection)',
  createStorage: () => new IoRedisStorage(client, { keyPrefix: freshPrefix() }),
});
