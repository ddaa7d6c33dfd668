import { InvalidArgumentError } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { waitFor } from '@coatcheck/redis-testing';
import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { signedIn } from './cache-helpers.js';
import { freshPrefix } from './helpers.js';

describe('the cache option of IoRedisStorage', () => {
  it.each([
    [{ maxEntries: 0 }, 'cache.maxEntries'],
    [{ maxStalenessMs: -1 }, 'cache.maxStalenessMs'],
    [{ ttl: 5 }, 'cache.ttl'],
    ['yes', 'cache'],
  ])('refuses %j, naming %s, before opening any connection', (cache, field) => {
    const client = new Redis({
      host: '127.0.0.1',
      port: inject('standalonePort'),
      lazyConnect: true,
    });
    let duplicated = 0;
    const duplicate = client.duplicate.bind(client);
    client.duplicate = (...args: Parameters<Redis['duplicate']>) => {
      duplicated++;
      return duplicate(...args);
    };
    const error = (() => {
      try {
        new IoRedisStorage(client, { cache: cache as never });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).field).toBe(field);
    expect(duplicated).toBe(0);
    client.disconnect();
  });

  it('works with the fail-fast client options the README recommends', async () => {
    const client = new Redis({
      host: '127.0.0.1',
      port: inject('standalonePort'),
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: 1000,
    });
    try {
      // Made before the client is ready: tracking comes up once it is.
      const storage = new IoRedisStorage(client, { keyPrefix: freshPrefix(), cache: {} });
      await waitFor(() => storage.cache?.tracking === true, 'tracking is up');
      const { sessions, token } = await signedIn(storage);
      await waitFor(async () => {
        const before = storage.cache!.hits;
        await sessions.getSession(token);
        return storage.cache!.hits > before;
      }, 'a read is served from the cache');
      await storage.close();
    } finally {
      await client.quit();
    }
  });
});
