import { SessionManager } from '@coatcheck/core';
import { NodeRedisStorage } from '@coatcheck/node-redis';
import { redisCommand, waitFor } from '@coatcheck/redis-testing';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cachedStorage, warm } from './cache-helpers.js';
import {
  type Combo,
  type Connected,
  connect,
  freshPrefix,
  type NodeConnection,
} from './helpers.js';

/** Kills the subscriber that `connection` redirects its invalidations to. */
async function killSubscriber(connection: NodeConnection): Promise<void> {
  const info = String(await connection.send(['CLIENT', 'INFO']));
  const redirect = /\bredir=(\d+)/.exec(info)?.[1];
  if (redirect === undefined || redirect === '-1') throw new Error('no tracking redirect');
  await connection.send(['CLIENT', 'KILL', 'ID', redirect]);
}

/** Kills `connection` itself, from a connection of the test's own to the same server. */
async function killConnection(connection: NodeConnection): Promise<void> {
  const id = String(await connection.send(['CLIENT', 'ID']));
  await redisCommand(connection.port, 'CLIENT', 'KILL', 'ID', id);
}

const COMBOS: readonly Combo[] = [
  { version: 6, protocol: 3, topology: 'standalone' },
  { version: 6, protocol: 3, topology: 'cluster' },
  { version: 5, protocol: 2, topology: 'cluster' },
  // A `typeMapping` view of the cluster: the tracking follows the cluster under it.
  { version: 6, protocol: 3, topology: 'cluster', buffers: true },
];

// Two processes, A and B, on separate clients of the same servers; B caches.
describe.each(COMBOS)(
  'cache with Redis tracking (node-redis $version, RESP$protocol, $topology)',
  (combo) => {
    const clients: Connected[] = [];
    async function client(): Promise<Connected> {
      const made = await connect(combo);
      clients.push(made);
      return made;
    }
    afterAll(() => Promise.all(clients.map((made) => made.close())));

    async function twoProcesses() {
      const keyPrefix = freshPrefix();
      const bClient = await client();
      const b = await cachedStorage(bClient.client, keyPrefix);
      const aClient = await client();
      const a = new SessionManager({
        storage: new NodeRedisStorage(aClient.client, { keyPrefix }),
      });
      const sessions = new SessionManager({ storage: b });
      const did = randomDid();
      const { token, id } = await sessions.createSession(did, metadata());
      return { a, aClient, b, bClient, sessions, did, token, id };
    }

    it('a revoke in A stops B serving the session once the invalidation arrives, on every master', async () => {
      const { a, b, bClient, sessions } = await twoProcesses();
      // Sessions of fresh users until their keys live on two masters at least (all on standalone).
      const users: { token: string; id: string }[] = [];
      const ports = new Set<number>();
      const wanted = combo.topology === 'cluster' ? 2 : 1;
      while (ports.size < wanted || users.length < 2) {
        const user = await sessions.createSession(randomDid(), metadata());
        users.push(user);
        ports.add((await bClient.connectionFor(b.keys.bucket(user.id))).port);
      }
      for (const user of users) await warm(b, sessions, user.token);
      for (const user of users) await a.revokeSession(user.id);
      for (const user of users)
        await waitFor(async () => (await sessions.getSession(user.token)) === null, 'B reads null');
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
      // One subscriber is enough (on a cluster, that of the session's master).
      // Counted, not polled: a fast reconnect can end the down state before a poll sees it.
      const downs = vi.spyOn(b.cache!, 'down');
      await killSubscriber(await bClient.connectionFor(b.keys.bucket(id)));
      await waitFor(() => downs.mock.calls.length > 0, 'tracking went down');
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

    it('a killed subscriber of another master also takes the cache down', async () => {
      const { b, bClient, sessions, token, id } = await twoProcesses();
      await warm(b, sessions, token);
      const own = (await bClient.connectionFor(b.keys.bucket(id))).port;
      const connections = await bClient.dataConnections();
      const other = connections.find((connection) => connection.port !== own) ?? connections[0]!;
      // Counted, not polled: a fast reconnect can end the down state before a poll sees it.
      const downs = vi.spyOn(b.cache!, 'down');
      await killSubscriber(other);
      await waitFor(() => downs.mock.calls.length > 0, 'tracking went down');
      expect(b.cache!.size).toBe(0);
      const hits = b.cache!.hits;
      expect(await sessions.getSession(token)).not.toBeNull();
      // Served by Redis: going down emptied the cache.
      expect(b.cache!.hits).toBe(hits);
      await waitFor(() => b.cache!.tracking, 'tracking is back');
      await warm(b, sessions, token);
    });

    it('a reconnected data connection is tracked again', async () => {
      const { a, b, bClient, sessions, token, id } = await twoProcesses();
      await warm(b, sessions, token);
      // Counted, not polled: a fast reconnect can end the down state before a poll sees it.
      const downs = vi.spyOn(b.cache!, 'down');
      await killConnection(await bClient.connectionFor(b.keys.bucket(id)));
      await waitFor(() => downs.mock.calls.length > 0, 'tracking went down');
      expect(b.cache!.size).toBe(0);
      await waitFor(() => b.cache!.tracking, 'tracking is back');
      await warm(b, sessions, token);
      await a.revokeSession(id);
      await waitFor(async () => (await sessions.getSession(token)) === null, 'B reads null');
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
  },
);
