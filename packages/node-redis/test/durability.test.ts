import { NodeRedisStorage, type NodeRedisStorageOptions } from '@coatcheck/node-redis';
import { type ReplicatedPrimary, startReplicatedPrimary } from '@coatcheck/redis-testing';
import {
  checkDurableFailover,
  checkUnacknowledgedRevocations,
  metadata,
  type ReplicatedSetup,
  randomDid,
  recorded,
} from '@coatcheck/storage-tests';
import { createClient as createClient6 } from 'redis';
import { createClient as createClient5 } from 'redis5';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPrefix } from './helpers.js';

// Both take the same options; one signature is enough to call either.
const CLIENTS = { 6: createClient6, 5: createClient5 as unknown as typeof createClient6 } as const;

// A primary with one replica behind a relay the test controls. Without `durability` a
// revocation the replica never received is lost when the replica is promoted; with it, the
// revocation does not resolve until the replica holds it, and rejects when it cannot.
describe.each([6, 5] as const)(
  'node-redis %i, durability: revocations held by replicas',
  (major) => {
    let servers: ReplicatedPrimary | undefined;
    const clients: { readonly isOpen: boolean; destroy(): void }[] = [];
    afterEach(async () => {
      // node-redis 5 throws on destroying a client whose socket already closed.
      for (const client of clients.splice(0)) if (client.isOpen) client.destroy();
      await servers?.stop();
      servers = undefined;
    });

    /** A manager on a connected client of the server on `port`. */
    async function managerOn(port: number, options: NodeRedisStorageOptions) {
      const client = CLIENTS[major]({
        url: `redis://127.0.0.1:${port}`,
        // One attempt: a killed primary fails the call rather than hanging it.
        socket: { connectTimeout: 2000, reconnectStrategy: false },
      });
      client.on('error', () => {});
      await client.connect();
      clients.push(client);
      return recorded(new NodeRedisStorage(client, options));
    }

    async function start(options: NodeRedisStorageOptions) {
      servers = await startReplicatedPrimary();
      return managerOn(servers.primary.port, options);
    }

    it('without it, a failover loses a revocation the primary acknowledged', async () => {
      const keyPrefix = freshPrefix();
      const { manager } = await start({ keyPrefix });
      const session = await manager.createSession(randomDid(), metadata());
      await servers!.replica.waitForSync();
      servers!.replica.holdReplication();
      await manager.revokeSession(session.id); // resolves: the primary holds it
      const after = await managerOn(await servers!.failOver(), { keyPrefix });
      expect(await after.manager.getSession(session.token)).not.toBeNull(); // lost
    });

    /** The primary and replica of the running test, for the shared checks. */
    const replicated = (keyPrefix: string): ReplicatedSetup =>
      servers!.controls(async (port) => (await managerOn(port, { keyPrefix })).manager);

    it('with it, every revoking step waits for the replica, and survives the failover', async () => {
      const keyPrefix = freshPrefix();
      const durability = { replicas: 1, timeoutMs: 2000 };
      await checkDurableFailover(await start({ keyPrefix, durability }), replicated(keyPrefix));
    });

    it('rejects with StorageError when the replica does not acknowledge; the revocation stands', async () => {
      const keyPrefix = freshPrefix();
      const durability = { replicas: 1, timeoutMs: 50 };
      await checkUnacknowledgedRevocations(
        await start({ keyPrefix, durability }),
        replicated(keyPrefix),
      );
    });
  },
);
