import { InvalidArgumentError, StorageError } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import {
  type RedisReplica,
  type RedisServer,
  startRedisReplica,
  startRedisServer,
} from '@coatcheck/redis-testing';
import { metadata, randomDid, recorded } from '@coatcheck/storage-tests';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPrefix } from './helpers.js';

// A primary with one replica behind a relay the test controls. Without `durability` a
// revocation the replica never received is lost when the replica is promoted; with it, the
// revocation does not resolve until the replica holds it, and rejects when it cannot.
describe('durability: revocations held by replicas', () => {
  let primary: RedisServer | undefined;
  let replica: RedisReplica | undefined;
  const clients: Redis[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await replica?.stop();
    await primary?.stop();
    primary = undefined;
    replica = undefined;
  });

  async function start() {
    primary = await startRedisServer();
    replica = await startRedisReplica(primary);
    const client = new Redis({ host: '127.0.0.1', port: primary.port, maxRetriesPerRequest: 1 });
    clients.push(client);
    return client;
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
    await replica!.waitForSync();
    replica!.holdReplication();
    await manager.revokeSession(session.id); // resolves: the primary holds it
    await primary!.kill();
    await replica!.promote();
    const promoted = new Redis({ host: '127.0.0.1', port: replica!.port });
    clients.push(promoted);
    const after = recorded(new IoRedisStorage(promoted, { keyPrefix: prefix }));
    expect(await after.manager.getSession(session.token)).not.toBeNull(); // lost
  });

  it('with it, every revoking step waits for the replica, and survives the failover', async () => {
    const client = await start();
    const prefix = freshPrefix();
    const storage = new IoRedisStorage(client, {
      keyPrefix: prefix,
      durability: { replicas: 1, timeoutMs: 2000 },
    });
    const { manager } = recorded(storage);
    const did = randomDid();
    const [a, b, c] = [
      await manager.createSession(did, metadata()),
      await manager.createSession(did, metadata()),
      await manager.createSession(did, metadata()),
    ];
    replica!.setLinkDelay(30);
    const rotated = await manager.rotateSession(a.id);
    await manager.revokeSession(b.id);
    await manager.revokeOtherSessions(did, rotated.id);
    await manager.revokeToken('jti-durable', new Date(Date.now() + 60_000));
    // Every step above resolved only once the replica had it: cut the link and fail over now.
    replica!.holdReplication();
    await primary!.kill();
    await replica!.promote();
    const promoted = new Redis({ host: '127.0.0.1', port: replica!.port });
    clients.push(promoted);
    const after = recorded(new IoRedisStorage(promoted, { keyPrefix: prefix }));
    for (const gone of [a, b, c]) expect(await after.manager.getSession(gone.token)).toBeNull();
    expect(await after.manager.getSession(rotated.token)).not.toBeNull();
    expect(await after.manager.isTokenRevoked('jti-durable')).toBe(true);
  });

  it('rejects with StorageError when the replica does not acknowledge; the revocation stands', async () => {
    const client = await start();
    const storage = new IoRedisStorage(client, {
      keyPrefix: freshPrefix(),
      durability: { replicas: 1, timeoutMs: 50 },
    });
    const { manager, revoked } = recorded(storage);
    const did = randomDid();
    const session = await manager.createSession(did, metadata());
    const other = await manager.createSession(did, metadata());
    replica!.holdReplication();
    await expect(manager.revokeSession(session.id)).rejects.toBeInstanceOf(StorageError);
    expect(await manager.getSession(session.token)).toBeNull();
    await replica!.kill();
    await expect(manager.revokeAllSessions(did)).rejects.toBeInstanceOf(StorageError);
    expect(await manager.getSession(other.token)).toBeNull();
    // A create does not wait: it revokes nothing the user asked for.
    await manager.createSession(did, metadata());
    expect(revoked).toEqual([]);
  });
});
