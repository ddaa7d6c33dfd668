import { StorageError } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import {
  type FilledMemory,
  fillMemory,
  type RedisServer,
  setMaxMemory,
  startRedisServer,
} from '@coatcheck/redis-testing';
import { metadata, randomDid, recorded } from '@coatcheck/storage-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPrefix } from './helpers.js';

// maxmemory with noeviction, memory full: sign-outs, revoke-all, token revocation and reads
// (sliding ones too) still work, since their scripts carry `allow-oom`; creates are refused
// with nothing written. A server of its own: the limit is server-wide.
describe('memory full (maxmemory + noeviction)', () => {
  let server: RedisServer;
  let client: Redis;
  let filled: FilledMemory | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await filled?.release();
    client.disconnect();
    await server.stop();
  });

  it('revocations succeed and reads answer; creates, updates and rotations reject', async () => {
    const storage = new IoRedisStorage(client, { keyPrefix: freshPrefix() });
    const { manager } = recorded(storage, { touchIntervalSeconds: 0 });
    const did = randomDid();
    const sessions = [];
    for (let i = 0; i < 5; i++) sessions.push(await manager.createSession(did, metadata()));
    const [a, b, c, d] = sessions as [
      (typeof sessions)[0],
      (typeof sessions)[0],
      (typeof sessions)[0],
      (typeof sessions)[0],
    ];

    await setMaxMemory(server.port, 8 * 1024 * 1024, 'noeviction');
    filled = await fillMemory(server.port);
    // Full for real: a plain write is refused.
    await expect(client.set(`${storage.keys.prefix}probe`, 'x', 'PX', 1000)).rejects.toThrow(/OOM/);

    expect((await manager.getSession(a.token))?.fresh).toBe(true); // a sliding read writes
    expect(await manager.listSessions(did)).toHaveLength(5);
    await manager.revokeSession(a.id);
    expect(await manager.getSession(a.token)).toBeNull();
    await manager.revokeOtherSessions(did, b.id);
    expect((await manager.listSessions(did)).map((s) => s.id)).toEqual([b.id]);
    await manager.revokeAllSessions(did);
    expect(await manager.listSessions(did)).toEqual([]);
    await manager.revokeToken('jti-full', new Date(Date.now() + 60_000));
    expect(await manager.isTokenRevoked('jti-full')).toBe(true);

    const other = randomDid();
    await expect(manager.createSession(other, metadata())).rejects.toBeInstanceOf(StorageError);
    expect(await manager.listSessions(other)).toEqual([]);
    // c and d were revoked above: nothing left to update or rotate, and nothing written.
    expect(await manager.getSession(c.token)).toBeNull();
    expect(await manager.getSession(d.token)).toBeNull();

    await filled.release();
    filled = undefined;
    const live = await manager.createSession(other, metadata());
    await setMaxMemory(server.port, 8 * 1024 * 1024, 'noeviction');
    filled = await fillMemory(server.port);
    await expect(manager.updateSession(live.id, { scope: ['x'] })).rejects.toBeInstanceOf(
      StorageError,
    );
    await expect(manager.rotateSession(live.id)).rejects.toBeInstanceOf(StorageError);
    expect((await manager.getSession(live.token))?.scope).toEqual(live.scope);
  });
});
