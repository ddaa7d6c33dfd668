import { SessionManager } from '@coatcheck/core';
import { NodeRedisStorage } from '@coatcheck/node-redis';
import { waitFor } from '@coatcheck/redis-testing';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { createClient, createClientPool, createCluster } from 'redis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { warm } from './cache-helpers.js';
import { fieldOf } from './field-of.js';
import { connect, freshPrefix } from './helpers.js';

const url = (port: number) => `redis://127.0.0.1:${port}`;

describe('the cache option of NodeRedisStorage', () => {
  const standalone = connect({ version: 6, protocol: 3, topology: 'standalone' });
  afterAll(async () => (await standalone).close());

  it.each([
    [{ maxEntries: 0 }, 'cache.maxEntries'],
    [{ maxStalenessMs: -1 }, 'cache.maxStalenessMs'],
    ['yes', 'cache'],
  ])('refuses %j, naming %s', async (cache, field) => {
    const { client } = await standalone;
    expect(fieldOf(() => new NodeRedisStorage(client, { cache: cache as never }))).toBe(field);
  });

  it('refuses a client pool and a cluster reading from replicas, naming cache', () => {
    const pool = createClientPool({ url: url(inject('standalonePort')) });
    expect(fieldOf(() => new NodeRedisStorage(pool, { cache: {} }))).toBe('cache');
    const replicas = createCluster({
      rootNodes: inject('clusterPorts').map((port) => ({ url: url(port) })),
      useReplicas: true,
    });
    expect(fieldOf(() => new NodeRedisStorage(replicas, { cache: {} }))).toBe('cache');
    // Neither was connected: nothing to close.
  });

  it.each([
    ['a client', () => createClient({ url: url(inject('standalonePort')) })],
    [
      'a cluster',
      () =>
        createCluster({ rootNodes: inject('clusterPorts').map((port) => ({ url: url(port) })) }),
    ],
    [
      // No master has a connection until a command needs one: the tracking opens them all.
      'a cluster with minimizeConnections',
      () =>
        createCluster({
          rootNodes: inject('clusterPorts').map((port) => ({ url: url(port) })),
          minimizeConnections: true,
        }),
    ],
  ])(
    'made before %s connects, tracking comes up once it is ready, and down when it closes',
    async (_name, make) => {
      const redis = make();
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
    },
  );
});
