import { SessionManager } from '@coatcheck/core';
import { createNodeRedisRunner, NodeRedisStorage } from '@coatcheck/node-redis';
import { type InvalidationListener, RedisSessionStorage } from '@coatcheck/redis';
import { manualClock, metadata, randomDid } from '@coatcheck/storage-tests';
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

  async function signedIn(storage: RedisSessionStorage, now?: () => number) {
    const sessions = new SessionManager({
      storage,
      ...(now === undefined ? {} : { now }),
      config: { maxSessionsPerUser: 2 },
    });
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

  describe('a write through this process drops what it changed before it resolves', () => {
    // No invalidation is ever delivered here: only the storage's own drop can stop a stale hit.
    async function warmed() {
      const context = setup();
      const clock = manualClock();
      const user = await signedIn(context.storage, clock.now);
      // Later sessions are younger, so that eviction takes this one first.
      await clock.advance(1);
      await user.sessions.getSession(user.token);
      expect(await user.sessions.getSession(user.token)).not.toBeNull();
      expect(context.cache.hits).toBe(1);
      return { ...context, ...user, clock };
    }

    it('revokeSession', async () => {
      const { sessions, token, id } = await warmed();
      await sessions.revokeSession(id);
      expect(await sessions.getSession(token)).toBeNull();
    });

    it('updateSession', async () => {
      const { sessions, token, id } = await warmed();
      await sessions.updateSession(id, { scope: ['changed'] });
      expect((await sessions.getSession(token))?.scope).toEqual(['changed']);
    });

    it('rotateSession', async () => {
      const { sessions, token, id } = await warmed();
      await sessions.rotateSession(id);
      expect(await sessions.getSession(token)).toBeNull();
    });

    it('revokeAllSessions', async () => {
      const { sessions, token, did } = await warmed();
      await sessions.revokeAllSessions(did);
      expect(await sessions.getSession(token)).toBeNull();
    });

    it('revokeOtherSessions', async () => {
      const { sessions, token, did } = await warmed();
      const other = await sessions.createSession(did, metadata());
      await sessions.revokeOtherSessions(did, other.id);
      expect(await sessions.getSession(token)).toBeNull();
    });

    it('createSession evicting the oldest', async () => {
      const { sessions, token, did, clock } = await warmed();
      await sessions.createSession(did, metadata());
      await clock.advance(1);
      await sessions.createSession(did, metadata());
      expect(await sessions.getSession(token)).toBeNull();
    });
  });
});
