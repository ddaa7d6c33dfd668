import { SessionManager } from '@coatcheck/core';
import { createIoRedisRunner, IoRedisStorage } from '@coatcheck/ioredis';
import { RedisSessionStorage } from '@coatcheck/redis';
import { describeCachedWrites, manualClock } from '@coatcheck/storage-tests';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualInvalidation, signedIn } from './cache-helpers.js';
import { connect, freshPrefix, TOPOLOGIES } from './helpers.js';

// Invalidations delivered by hand, so that each race runs in the order the test chooses; the
// reads and writes still run on the real servers.
describe.each(TOPOLOGIES)('cache races (%s)', (topology) => {
  const client = connect(topology);
  afterAll(() => client.quit());

  function setup(cache: { maxEntries?: number; maxStalenessMs?: number } = {}) {
    const keyPrefix = freshPrefix();
    const source = new ManualInvalidation();
    const storage = new RedisSessionStorage({
      name: 'ioredis',
      run: createIoRedisRunner(client),
      keyPrefix,
      cache,
      invalidation: source,
    });
    source.listener?.up();
    // Another process on the same data: its writes reach the cache only as invalidations.
    const elsewhere = new SessionManager({ storage: new IoRedisStorage(client, { keyPrefix }) });
    return { storage, source, elsewhere, cache: storage.cache! };
  }

  it('an invalidation arriving while the filling read is in flight wins', async () => {
    const { storage, source, elsewhere, cache } = setup();
    const { sessions, token, id } = await signedIn(storage);
    const reading = sessions.getSession(token);
    // The read is sent and its reply cannot arrive before this line: the invalidation is first.
    source.listener?.invalidate([storage.keys.bucket(id)]);
    expect(await reading).not.toBeNull();
    // The write it reported; its invalidation has been delivered already.
    await elsewhere.revokeSession(id);
    expect(await sessions.getSession(token)).toBeNull();
    expect(cache.hits).toBe(0);
  });

  it('a read begun before tracking went down fills nothing', async () => {
    const { storage, source, elsewhere, cache } = setup();
    const { sessions, token, id } = await signedIn(storage);
    const reading = sessions.getSession(token);
    source.listener?.down();
    source.listener?.up();
    expect(await reading).not.toBeNull();
    await elsewhere.revokeSession(id);
    expect(await sessions.getSession(token)).toBeNull();
    expect(cache.hits).toBe(0);
  });

  it('reads while tracking is down fill nothing', async () => {
    const { storage, source, cache } = setup();
    const { sessions, token } = await signedIn(storage);
    source.listener?.down();
    await sessions.getSession(token);
    await sessions.getSession(token);
    expect(cache.size).toBe(0);
    expect(cache.hits).toBe(0);
  });

  it('an invalidation of the key drops every cached session of the bucket', async () => {
    const { storage, source, elsewhere, cache } = setup();
    const { sessions, token, id } = await signedIn(storage);
    await sessions.getSession(token);
    expect(await sessions.getSession(token)).not.toBeNull();
    expect(cache.hits).toBe(1);
    await elsewhere.revokeSession(id);
    source.listener?.invalidate([storage.keys.bucket(id)]);
    expect(cache.size).toBe(0);
    expect(await sessions.getSession(token)).toBeNull();
  });

  it('a null invalidation (every key) empties the cache', async () => {
    const { storage, source, cache } = setup();
    const { sessions, token } = await signedIn(storage);
    await sessions.getSession(token);
    expect(cache.size).toBe(1);
    source.listener?.invalidate(null);
    expect(cache.size).toBe(0);
  });

  // No invalidation is ever delivered here: only the storage's own drop can stop a stale hit.
  describeCachedWrites(() => {
    const { storage, cache } = setup();
    return { storage, hits: () => cache.hits };
  });

  it('evicts the least recently used entry at maxEntries', async () => {
    const { storage, cache } = setup({ maxEntries: 2 });
    const [a, b, c] = [await signedIn(storage), await signedIn(storage), await signedIn(storage)];
    await a.sessions.getSession(a.token);
    await b.sessions.getSession(b.token);
    await a.sessions.getSession(a.token); // a is now the most recently used
    expect(cache.hits).toBe(1);
    await c.sessions.getSession(c.token); // fills c, evicts b
    expect(cache.size).toBe(2);
    await a.sessions.getSession(a.token);
    await c.sessions.getSession(c.token);
    expect(cache.hits).toBe(3);
    await b.sessions.getSession(b.token);
    expect(cache.hits).toBe(3);
  });

  it('slides on time: a due slide goes to Redis, and the hit before it is the stored record', async () => {
    const { storage, cache } = setup({ maxStalenessMs: 3_600_000 });
    const clock = manualClock();
    const { sessions, token } = await signedIn(storage, {
      now: clock.now,
      config: { touchIntervalSeconds: 60, sessionExpirationSeconds: 3600 },
    });
    const filled = await sessions.getSession(token);
    await clock.advance(59_000);
    const hit = await sessions.getSession(token);
    expect(cache.hits).toBe(1);
    expect(hit).toEqual(filled);
    expect(hit?.fresh).toBe(false);
    await clock.advance(1000);
    const slid = await sessions.getSession(token);
    expect(cache.hits).toBe(1);
    expect(slid?.fresh).toBe(true);
    expect(slid?.lastActivity.getTime()).toBe(clock.now());
    expect(slid?.expiresAt.getTime()).toBe(clock.now() + 3_600_000);
    // The slid record fills on the next read, and is served as Redis now holds it.
    await clock.advance(1000);
    const refilled = await sessions.getSession(token);
    expect(await sessions.getSession(token)).toEqual(refilled);
    expect(cache.hits).toBe(2);
    expect(refilled?.lastActivity).toEqual(slid?.lastActivity);
  });

  it('serves no entry older than maxStalenessMs', async () => {
    const { storage, cache } = setup({ maxStalenessMs: 1000 });
    const clock = manualClock();
    const { sessions, token } = await signedIn(storage, { now: clock.now });
    await sessions.getSession(token);
    await clock.advance(999);
    await sessions.getSession(token);
    expect(cache.hits).toBe(1);
    await clock.advance(1);
    await sessions.getSession(token);
    expect(cache.hits).toBe(1);
  });

  it('a wrong secret is not served from the cache', async () => {
    const { storage, cache } = setup();
    const { sessions, token } = await signedIn(storage);
    await sessions.getSession(token);
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(await sessions.getSession(token.slice(0, -1) + last)).toBeNull();
    expect(cache.hits).toBe(0);
    expect(await sessions.getSession(token)).not.toBeNull();
    expect(cache.hits).toBe(1);
  });
});
