import { once } from 'node:events';
import { SessionManager, StorageError } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import { metadata, operationCalls, randomDid, settlement } from '@coatcheck/storage-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The fail-fast options the README recommends.
const COMMAND_TIMEOUT_MS = 500;
const FAIL_FAST = {
  maxRetriesPerRequest: 1,
  enableOfflineQueue: false,
  commandTimeout: COMMAND_TIMEOUT_MS,
  retryStrategy: () => 50,
} as const;

describe('standalone: Redis unavailable', () => {
  let server: RedisServer;
  let client: Redis;
  let manager: SessionManager;
  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis({ host: '127.0.0.1', port: server.port, ...FAIL_FAST });
    // Without the offline queue, commands sent before the connection is ready fail at once.
    client.on('error', () => {}); // reconnect noise while the server is down; calls report errors
    await once(client, 'ready');
    manager = new SessionManager({ storage: new IoRedisStorage(client) });
  });
  afterAll(async () => {
    client.disconnect();
    await server.stop();
  });

  it('a server that does not answer: operations reject with StorageError after commandTimeout', async () => {
    const did = randomDid();
    await manager.createSession(did, metadata());
    // Freeze the server (it is this test's own): connections stay open, nothing answers.
    const pid = Number((await client.info('server')).match(/process_id:(\d+)/)?.[1]);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGSTOP');
    let error: unknown;
    try {
      error = await settlement(
        () => manager.createSession(did, metadata()),
        COMMAND_TIMEOUT_MS + 1000,
      );
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(/ioredis: create failed: .*timed out/i);
    expect((error as StorageError).cause).toBeInstanceOf(Error);
    expect((await manager.createSession(did, metadata())).did).toBe(did);
  });

  it('a stopped server: every operation rejects with StorageError at once, and works again after a restart', async () => {
    const did = randomDid();
    const session = await manager.createSession(did, metadata());
    const port = server.port;
    await server.stop();
    for (const [operation, call] of operationCalls(manager, did, session)) {
      const error = await settlement(call, COMMAND_TIMEOUT_MS + 1000);
      expect(error, operation).toBeInstanceOf(StorageError);
      expect((error as StorageError).message, operation).toContain(`ioredis: ${operation} failed`);
      expect((error as StorageError).message, operation).not.toContain(session.id);
    }

    server = await startRedisServer({ port });
    // ioredis reconnects on its own; no persistence here, so the old data is gone (see the
    // README on AOF). Wait for the reconnect, bounded.
    let ready = false;
    for (let i = 0; i < 100 && !ready; i++) {
      ready = await manager.isTokenRevoked('probe').then(
        () => true,
        () => false,
      );
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(ready).toBe(true);
    const again = await manager.createSession(did, metadata());
    expect((await manager.getSession(again.token))?.id).toBe(again.id);
    expect(await manager.getSession(session.token)).toBeNull();
  });
});
