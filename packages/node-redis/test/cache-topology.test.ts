import { SessionManager } from '@coatcheck/core';
import { type NodeRedisClient, NodeRedisStorage } from '@coatcheck/node-redis';
import {
  beginSlotMigration,
  otherNodeThan,
  type RedisCluster,
  type RedisServer,
  redisCommand,
  slotOf,
  startRedisCluster,
  startRedisServer,
  waitFor,
} from '@coatcheck/redis-testing';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { createCluster as createCluster6 } from 'redis';
import { createCluster as createCluster5 } from 'redis5';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedStorage, warm } from './cache-helpers.js';
import { freshPrefix } from './helpers.js';

type Version = 5 | 6;

/** A connected node-redis cluster client of `version` on `ports`; closed by `afterAll`. */
function clusterClients(ports: () => readonly number[]) {
  const made: { close(): Promise<unknown> }[] = [];
  afterAll(() => Promise.all(made.map((client) => client.close())));
  return async (version: Version): Promise<NodeRedisClient> => {
    const options = {
      rootNodes: ports().map((port) => ({ url: `redis://127.0.0.1:${port}` })),
      defaults: { socket: { connectTimeout: 2000 } },
    };
    const client = version === 6 ? createCluster6(options) : createCluster5(options);
    client.on('error', () => {});
    made.push(client);
    await client.connect();
    return client;
  };
}

/** B caches one session on `bClient`; A, on `aClient`, shares its data. */
async function twoProcesses(bClient: NodeRedisClient, aClient: NodeRedisClient) {
  const keyPrefix = freshPrefix();
  const b = await cachedStorage(bClient, keyPrefix);
  const a = new SessionManager({ storage: new NodeRedisStorage(aClient, { keyPrefix }) });
  const sessions = new SessionManager({ storage: b });
  const { token, id } = await sessions.createSession(randomDid(), metadata());
  await warm(b, sessions, token);
  return { a, b, sessions, token, id, key: b.keys.bucket(id) };
}

describe.each([6, 5] as const)('node-redis %i cluster cache: a slot moved', (version) => {
  const client = clusterClients(() => inject('clusterPorts'));
  const cluster = () => ({ nodes: inject('clusterPorts').map((port) => ({ port })) });

  it('between masters while cached: no stale read afterwards, and the new owner is tracked', async () => {
    const { a, b, sessions, token, id, key } = await twoProcesses(
      await client(version),
      await client(version),
    );
    const migration = await beginSlotMigration(
      cluster(),
      slotOf(key),
      await otherNodeThan(cluster(), slotOf(key)),
    );
    await migration.finish();
    // MIGRATE deleted the key on its old master, which reports it: the entry goes.
    await waitFor(() => b.cache!.size === 0, 'the moved key is invalidated');
    // Read again through the new owner (B follows MOVED), then revoked there by A.
    await warm(b, sessions, token);
    await a.revokeSession(id);
    await waitFor(async () => (await sessions.getSession(token)) === null, 'B reads null');
  });
});

// A cluster of its own, since a master joins it: three masters, then a fourth that takes a slot.
describe.each([6, 5] as const)('node-redis %i cluster cache: a new master', (version) => {
  let cluster: RedisCluster;
  let joined: RedisServer | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 });
  });
  afterAll(async () => {
    await joined?.stop();
    await cluster.stop();
  });
  const client = clusterClients(() => cluster.nodes.map((node) => node.port));

  async function join(): Promise<RedisServer> {
    const server = await startRedisServer({
      args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
    });
    joined = server;
    const first = cluster.nodes[0]!.port;
    await redisCommand(server.port, 'CLUSTER', 'MEET', '127.0.0.1', first);
    // Every master knows the newcomer before a slot is given to it.
    for (const node of [...cluster.nodes, server])
      await waitFor(async () => {
        const nodes = String(await redisCommand(node.port, 'CLUSTER', 'NODES'));
        return nodes.split('\n').filter((line) => line.includes(' connected')).length === 4;
      }, 'the new master has joined');
    await waitFor(
      async () =>
        String(await redisCommand(server.port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'),
      'the new master sees every slot served',
      10_000,
    );
    return server;
  }

  it('is tracked before anything read through it is served from the cache', async () => {
    const { a, b, sessions, token, id, key } = await twoProcesses(
      await client(version),
      await client(version),
    );
    const server = await join();
    const all = { nodes: [...cluster.nodes, server].map((node) => ({ port: node.port })) };
    const migration = await beginSlotMigration(all, slotOf(key), server);
    await migration.finish();
    await waitFor(() => b.cache!.size === 0, 'the moved key is invalidated');
    // B follows MOVED to a master it had no connection to: the read that finds it must not
    // fill the cache from a connection not yet tracked.
    expect(await sessions.getSession(token)).not.toBeNull();
    await waitFor(() => b.cache!.tracking, 'tracking is up on every master');
    await warm(b, sessions, token);
    await a.revokeSession(id);
    await waitFor(async () => (await sessions.getSession(token)) === null, 'B reads null');
  });
});
