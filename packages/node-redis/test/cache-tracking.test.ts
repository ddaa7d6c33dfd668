import { InvalidArgumentError, SessionManager } from '@coatcheck/core';
import { NodeRedisStorage } from '@coatcheck/node-redis';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { createClient } from 'redis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { cachedStorage, send, waitFor } from './cache-helpers.js';
import { type Connected, connect, freshPrefix } from './helpers.js';

/** Kills the subscriber that `client`'s connection redirects its invalidations to. */
async function killSubscriber(connected: Connected): Promise<void> {
  const info = String(await send(connected.client, ['CLIENT', 'INFO']));
  const redirect = /\bredir=(\d+)/.exec(info)?.[1];
  if (redirect === undefined || redirect === '-1') throw new Error('no tracking redirect');
  await send(connected.client, ['CLIENT', 'KILL', 'ID', redirect]);
}

// Two processes, A and B, on separate clients of the same server; B caches.
describe('cache with Redis tracking (node-redis 6, standalone)', () => {
  const clients: Connected[] = [];
  async function client(): Promise<Connected> {
    const made = await connect({ version: 6, protocol: 3, topology: 'standalone' });
    clients.push(made);
    return made;
  }
  afterAll(() => Promise.all(clients.map((made) => made.close())));

  async function twoProcesses() {
    const keyPrefix = freshPrefix();
    const bClient = await client();
    const b = await cachedStorage(bClient.client, keyPrefix);
    const aClient = await client();
    const a = new SessionManager({ storage: new NodeRedisStorage(aClient.client, { keyPrefix }) });
    const sessions = new SessionManager({ storage: b });
    const did = randomDid();
    const { token, id } = await sessions.createSession(did, metadata());
    return { a, aClient, b, bClient, sessions, did, token, id };
  }

  /** B reads until a read is served from memory (the creating write's invalidation may drop the first fill). */
  async function warm(b: NodeRedisStorage, sessions: SessionManager, token: string) {
    await waitFor(async () => {
      const before = b.cache!.hits;
      expect(await sessions.getSession(token)).not.toBeNull();
      return b.cache!.hits > before;
    }, 'a read is served from the cache');
  }

  it('a revoke in A stops B serving the session once the invalidation arrives', async () => {
    const { a, b, sessions, token, id } = await twoProcesses();
    await warm(b, sessions, token);
    await a.revokeSession(id);
    await waitFor(async () => (await sessions.getSession(token)) === null, 'B reads null');
  });

  it('a write through B is read back at once, never the cached state', async () => {
    const { b, sessions, token, id } = await twoProcesses();
    await warm(b, sessions, token);
    await sessions.updateSession(id, { scope: ['changed'] });
    expect((await sessions.getSession(token))?.scope).toEqual(['changed']);
    await warm(b, sessions, token);
    await sessions.revokeSession(id);
    expect(await sessions.getSession(token)).toBeNull();
  });

  it('a killed invalidation connection empties the cache until tracking is back', async () => {
    const { a, b, bClient, sessions, token, id, did } = await twoProcesses();
    await warm(b, sessions, token);
    await killSubscriber(bClient);
    await waitFor(() => b.cache!.tracking === false, 'tracking is down');
    expect(b.cache!.size).toBe(0);
    // Revoked while B may have no subscriber at all: B must still read null.
    await a.revokeSession(id);
    expect(await sessions.getSession(token)).toBeNull();
    await waitFor(() => b.cache!.tracking, 'tracking is back');
    // Tracking redirects to the new subscriber: a revoke in A reaches B again.
    const next = await sessions.createSession(did, metadata());
    await warm(b, sessions, next.token);
    await a.revokeSession(next.id);
    await waitFor(async () => (await sessions.getSession(next.token)) === null, 'B reads null');
  });

  it('a reconnected data connection is tracked again', async () => {
    const { a, aClient, b, bClient, sessions, token, id } = await twoProcesses();
    await warm(b, sessions, token);
    const bId = String(await send(bClient.client, ['CLIENT', 'ID']));
    await send(aClient.client, ['CLIENT', 'KILL', 'ID', bId]);
    await waitFor(() => b.cache!.tracking === false, 'tracking is down');
    expect(b.cache!.size).toBe(0);
    await waitFor(() => b.cache!.tracking, 'tracking is back');
    await warm(b, sessions, token);
    await a.revokeSession(id);
    await waitFor(async () => (await sessions.getSession(token)) === null, 'B reads null');
  });

  it('made before the client connects, tracking comes up once it is ready, and down when it ends', async () => {
    const redis = createClient({ url: `redis://127.0.0.1:${inject('standalonePort')}` });
    redis.on('error', () => {});
    const storage = new NodeRedisStorage(redis, { keyPrefix: freshPrefix(), cache: {} });
    expect(storage.cache!.tracking).toBe(false);
    await redis.connect();
    await waitFor(() => storage.cache!.tracking, 'tracking is up');
    const sessions = new SessionManager({ storage });
    const { token } = await sessions.createSession(randomDid(), metadata());
    await warm(storage, sessions, token);
    await redis.close();
    expect(storage.cache!.tracking).toBe(false);
    expect(storage.cache!.size).toBe(0);
    await storage.close();
  });

  it('close stops tracking and serving', async () => {
    const { b, sessions, token } = await twoProcesses();
    await warm(b, sessions, token);
    await b.close();
    expect(b.cache!.tracking).toBe(false);
    expect(b.cache!.size).toBe(0);
    await sessions.getSession(token);
    expect(b.cache!.size).toBe(0);
  });
});

describe('the cache option of NodeRedisStorage', () => {
  const standalone = connect({ version: 6, protocol: 3, topology: 'standalone' });
  const cluster = connect({ version: 6, protocol: 3, topology: 'cluster' });
  afterAll(async () => Promise.all([(await standalone).close(), (await cluster).close()]));

  it.each([
    [{ maxEntries: 0 }, 'cache.maxEntries'],
    [{ maxStalenessMs: -1 }, 'cache.maxStalenessMs'],
    ['yes', 'cache'],
  ])('refuses %j, naming %s', async (cache, field) => {
    const { client } = await standalone;
    expect(() => new NodeRedisStorage(client, { cache: cache as never })).toThrow(
      expect.objectContaining({ field }),
    );
  });

  it('refuses a cluster, naming cache', async () => {
    const { client } = await cluster;
    const error = (() => {
      try {
        new NodeRedisStorage(client, { cache: {} });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).field).toBe('cache');
  });
});
