import { SessionManager } from '@coatcheck/core';
import { IoRedisStorage, ioredisInvalidationSource } from '@coatcheck/ioredis';
import { waitFor } from '@coatcheck/redis-testing';
import type { Cluster, Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cachedStorage, commandCounter, signedIn } from './cache-helpers.js';
import { connect, freshPrefix, TOPOLOGIES } from './helpers.js';

/** Every node connection of `client` (the client itself when standalone). */
function nodesOf(client: Redis | Cluster): Redis[] {
  return client.isCluster ? (client as Cluster).nodes('master') : [client as Redis];
}

/** Kills, on each server, the subscriber that `client`'s connection redirects invalidations to. */
async function killSubscribers(client: Redis | Cluster): Promise<void> {
  for (const node of nodesOf(client)) {
    const info = String(await node.client('INFO'));
    const redirect = /\bredir=(\d+)/.exec(info)?.[1];
    if (redirect === undefined || redirect === '-1') throw new Error('no tracking redirect');
    await node.client('KILL', 'ID', redirect);
  }
}

/** Kills `client`'s own connections (ioredis reconnects them). */
async function killDataConnections(client: Redis | Cluster): Promise<void> {
  for (const node of nodesOf(client)) {
    const id = await node.client('ID');
    // From another connection: a client cannot wait for the reply to killing itself.
    const killer = node.duplicate();
    try {
      await killer.client('KILL', 'ID', String(id));
    } finally {
      killer.disconnect();
    }
  }
}

// Two processes, A and B, on separate connections to the same servers; B caches.
describe.each(TOPOLOGIES)('cache with Redis tracking (%s)', (topology) => {
  const clients: (Redis | Cluster)[] = [];
  function client(): Redis | Cluster {
    const made = connect(topology);
    clients.push(made);
    return made;
  }
  afterAll(() => Promise.all(clients.map((made) => made.quit())));

  async function twoProcesses() {
    const keyPrefix = freshPrefix();
    const bClient = client();
    const b = await cachedStorage(bClient, keyPrefix);
    const a = new SessionManager({ storage: new IoRedisStorage(client(), { keyPrefix }) });
    const user = await signedIn(b);
    return { a, b, bClient, ...user };
  }

  /**
   * B reads the session until a read is served from memory (the invalidation of the write that
   * created it may drop the first fill), then once more, which sends no command.
   */
  async function warm(
    b: IoRedisStorage,
    bClient: Redis | Cluster,
    sessions: SessionManager,
    token: string,
  ) {
    await waitFor(async () => {
      const before = b.cache!.hits;
      await sessions.getSession(token);
      return b.cache!.hits > before;
    }, 'a read is served from the cache');
    const commands = commandCounter(bClient);
    const hits = b.cache!.hits;
    expect(await sessions.getSession(token)).not.toBeNull();
    expect(b.cache!.hits).toBe(hits + 1);
    expect(commands()).toBe(0);
  }

  it('a revoke in A stops B serving the session once the invalidation arrives', async () => {
    const { a, b, bClient, sessions, token, id } = await twoProcesses();
    await warm(b, bClient, sessions, token);
    await a.revokeSession(id);
    await waitFor(async () => (await sessions.getSession(token)) === null, 'B reads null');
  });

  it('an update in A reaches B', async () => {
    const { a, b, bClient, sessions, token, id } = await twoProcesses();
    await warm(b, bClient, sessions, token);
    await a.updateSession(id, { scope: ['new'] });
    await waitFor(
      async () => (await sessions.getSession(token))?.scope[0] === 'new',
      'B reads the new scope',
    );
  });

  it('a killed invalidation connection empties the cache until tracking is back', async () => {
    const { a, b, bClient, sessions, token, id, did } = await twoProcesses();
    await warm(b, bClient, sessions, token);
    // Counted, not polled: a fast reconnect can end the down state before a poll sees it.
    const downs = vi.spyOn(b.cache!, 'down');
    await killSubscribers(bClient);
    await waitFor(() => downs.mock.calls.length > 0, 'tracking went down');
    expect(b.cache!.size).toBe(0);
    // Revoked while B may have no subscriber at all: B must still read null.
    await a.revokeSession(id);
    expect(await sessions.getSession(token)).toBeNull();
    await waitFor(() => b.cache!.tracking, 'tracking is back');
    // Tracking redirects to the new subscriber: a revoke in A reaches B again.
    const next = await sessions.createSession(did, { ipAddress: '127.0.0.1', userAgent: 't' });
    await warm(b, bClient, sessions, next.token);
    await a.revokeSession(next.id);
    await waitFor(async () => (await sessions.getSession(next.token)) === null, 'B reads null');
  });

  it('a reconnected data connection is tracked again', async () => {
    const { a, b, bClient, sessions, token, id } = await twoProcesses();
    await warm(b, bClient, sessions, token);
    // Counted, not polled: a fast reconnect can end the down state before a poll sees it.
    const downs = vi.spyOn(b.cache!, 'down');
    await killDataConnections(bClient);
    await waitFor(() => downs.mock.calls.length > 0, 'tracking went down');
    expect(b.cache!.size).toBe(0);
    await waitFor(() => b.cache!.tracking, 'tracking is back');
    await warm(b, bClient, sessions, token);
    await a.revokeSession(id);
    await waitFor(async () => (await sessions.getSession(token)) === null, 'B reads null');
  });

  it('two cached storages on one client share its tracking', async () => {
    const keyPrefix = freshPrefix();
    const shared = client();
    const [b1, b2] = [
      await cachedStorage(shared, keyPrefix),
      await cachedStorage(shared, keyPrefix),
    ];
    const a = new SessionManager({ storage: new IoRedisStorage(client(), { keyPrefix }) });
    const one = await signedIn(b1);
    const two = new SessionManager({ storage: b2 });
    await warm(b1, shared, one.sessions, one.token);
    await warm(b2, shared, two, one.token);
    // A write through b1 reaches b2 at once, without waiting for Redis's invalidation.
    await one.sessions.updateSession(one.id, { scope: ['changed'] });
    expect((await two.getSession(one.token))?.scope).toEqual(['changed']);
    await warm(b2, shared, two, one.token);
    await a.revokeSession(one.id);
    await waitFor(async () => (await one.sessions.getSession(one.token)) === null, 'b1 reads null');
    await waitFor(async () => (await two.getSession(one.token)) === null, 'b2 reads null');
    // Closing one leaves the other tracked.
    await b1.close();
    expect(b2.cache!.tracking).toBe(true);
  });

  it('a write through one storage drops the key from every cache on the client at once', () => {
    const shared = client();
    const seen: (readonly string[] | null)[] = [];
    const recorder = {
      invalidate: (keys: readonly string[] | null) => seen.push(keys),
      down() {},
      up() {},
    };
    const [one, two] = [ioredisInvalidationSource(shared), ioredisInvalidationSource(shared)];
    one.subscribe({ ...recorder, invalidate: () => {} });
    two.subscribe(recorder);
    // Synchronously: no invalidation from Redis can have arrived in between.
    one.written?.('k');
    expect(seen).toEqual([['k']]);
    return Promise.all([one.close(), two.close()]);
  });

  it('close stops tracking and serving', async () => {
    const { b, bClient, sessions, token } = await twoProcesses();
    await warm(b, bClient, sessions, token);
    await b.close();
    expect(b.cache!.tracking).toBe(false);
    expect(b.cache!.size).toBe(0);
    await sessions.getSession(token);
    expect(b.cache!.size).toBe(0);
  });
});
