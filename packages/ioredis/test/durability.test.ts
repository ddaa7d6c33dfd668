import { InvalidArgumentError } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { type ReplicatedPrimary, startReplicatedPrimary } from '@coatcheck/redis-testing';
import {
  checkDurableFailover,
  checkUnacknowledgedRevocations,
  metadata,
  type ReplicatedSetup,
  randomDid,
  recorded,
} from '@coatcheck/storage-tests';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPrefix } from './helpers.js';

// A primary with one replica behind a relay the test controls. Without `durability` a
// revocation the replica never received is lost when the replica is promoted; with it, the
// revocation does not resolve until the replica holds it, and rejects when it cannot.
describe('durability: revocations held by replicas', () => {
  let servers: ReplicatedPrimary | undefined;
  const clients: Redis[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await servers?.stop();
    servers = undefined;
  });

  /** A client of the server on `port`, disconnected after the test. */
  function clientOn(port: number, options: { maxRetriesPerRequest?: number } = {}): Redis {
    const client = new Redis({ host: '127.0.0.1', port, ...options });
    clients.push(client);
    return client;
  }

  async function start() {
    servers = await startReplicatedPrimary();
    return clientOn(servers.primary.port, { maxRetriesPerRequest: 1 });
  }

  it('rejects a bad option, naming the field', () => {
    const client = new Redis({ lazyConnect: true });
    clients.push(client);
    const field = (durability: unknown) => {
      try {
        new IoRedisStorage(client, { durability: durability as never });
      } catch (error) {
        return error instanceof InvalidArgumentError ? error.field : 'other';
      }
      return undefined;
    };
    expect(field({ replicas: 0, timeoutMs: 100 })).toBe('durability.replicas');
    expect(field({ replicas: 1, timeoutMs: -1 })).toBe('durability.timeoutMs');
    expect(field(null)).toBe('durability');
    expect(field({ replicas: 1, timeoutMs: 100 })).toBeUndefined();
  });

  it('without it, a failover loses a revocation the primary acknowledged', async () => {
    const client = await start();
    const prefix = freshPrefix();
    const { manager } = recorded(new IoRedisStorage(client, { keyPrefix: prefix }));
    const session = await manager.createSession(randomDid(), metadata());
    await servers!.replica.waitForSync();
    servers!.replica.holdReplication();
    await manager.revokeSession(session.id); // resolves: the primary holds it
    const promoted = clientOn(await servers!.failOver());
    const after = recorded(new IoRedisStorage(promoted, { keyPrefix: prefix }));
    expect(await after.manager.getSession(session.token)).not.toBeNull(); // lost
  });

  /** The primary and replica of the running test, for the shared checks. */
  const replicated = (keyPrefix: string): ReplicatedSetup =>
    servers!.controls(
      (port) => recorded(new IoRedisStorage(clientOn(port), { keyPrefix })).manager,
    );

  it('with it, every revoking step waits for the replica, and survives the failover', async () => {
    const keyPrefix = freshPrefix();
    const durability = { replicas: 1, timeoutMs: 2000 };
    const storage = new IoRedisStorage(await start(), { keyPrefix, durability });
    await checkDurableFailover(recorded(storage), replicated(keyPrefix));
  });

  it('rejects with StorageError when the replica does not acknowledge; the revocation stands', async () => {
    const keyPrefix = freshPrefix();
    const durability = { replicas: 1, timeoutMs: 50 };
    const storage = new IoRedisStorage(await start(), { keyPrefix, durability });
    await checkUnacknowledgedRevocations(recorded(storage), replicated(keyPrefix));
  });
});
