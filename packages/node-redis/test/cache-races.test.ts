import { SessionManager } from '@coatcheck/core';
import { createNodeRedisRunner, NodeRedisStorage } from '@coatcheck/node-redis';
import { type InvalidationListener, RedisSessionStorage } from '@coatcheck/redis';
import { describeCachedWrites, metadata, randomDid } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Combo, type Connected, connect, freshPrefix } from './helpers.js';

const COMBOS: readonly Combo[] = [
  { version: 6, protocol: 3, topology: 'cluster' },
  { version: 5, protocol: 2, topology: 'cluster' },
  { version: 6, protocol: 3, topology: 'standalone' },
];

// Invalidations delivered by hand, so that each race runs in the order the test chooses; the
// reads and writes still run on the real servers.
describe.each(COMBOS)('cache races (node-redis $version, $topology)', (combo) => {
  let connected: Connected;
  beforeAll(async () => {
    connected = await connect(combo);
  });
  afterAll(() => connected.close());

  function setup() {
    const keyPrefix = freshPrefix();
    let listener: InvalidationListener | undefined;
    const storage = new RedisSessionStorage({
      name: 'node-redis',
      run: createNodeRedisRunner(connected.client),
      keyPrefix,
      cache: {},
      invalidation: {
        subscribe: (next) => {
          listener = next;
        },
        close: async () => {},
      },
    });
    listener?.up();
    // Another process on the same data: its writes reach the cache only as invalidations.
    const elsewhere = new SessionManager({
      storage: new NodeRedisStorage(connected.client, { keyPrefix }),
    });
    return { storage, source: listener!, elsewhere, cache: storage.cache! };
  }

  async function signedIn(storage: RedisSessionStorage) {
    const sessions = new SessionManager({ storage });
    const did = randomDid();
    const { token, id } = await sessions.createSession(did, metadata());
    return { sessions, did, token, id };
  }

  it('an invalidation arriving while the filling read is in flight wins', async () => {
    const { storage, source, elsewhere, cache } = setup();
    const { sessions, token, id } = await signedIn(storage);
    const reading = sessions.getSession(token);
    // The read is sent and its reply cannot arrive before this line: the invalidation is first.
    source.invalidate([storage.keys.bucket(id)]);
    expect(await reading).not.toBeNull();
    // The write it reported; its invalidation has been delivered already.
    await elsewhere.revokeSession(id);
    expect(await sessions.getSession(token)).toBeNull();
    expect(cache.hits).toBe(0);
  });

  it('a read begun before tracking went down (a topology change) fills nothing', async () => {
    const { storage, source, elsewhere, cache } = setup();
    const { sessions, token, id } = await signedIn(storage);
    const reading = sessions.getSession(token);
    source.down();
    source.up();
    expect(await reading).not.toBeNull();
    await elsewhere.revokeSession(id);
    expect(await sessions.getSession(token)).toBeNull();
    expect(cache.hits).toBe(0);
  });

  // No invalidation is ever delivered here: only the storage's own drop can stop a stale hit.
  describeCachedWrites(() => {
    const { storage, cache } = setup();
    return { storage, hits: () => cache.hits };
  });
});
