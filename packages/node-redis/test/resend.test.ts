import { type Did, SessionManager, StorageError } from '@coatcheck/core';
import { NodeRedisStorage } from '@coatcheck/node-redis';
import { rawCommand } from '@coatcheck/redis-testing';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Combo, type Connected, connect, freshPrefix } from './helpers.js';
import { COMBOS, connectionFor, lostReply, until } from './lost-reply.js';

describe.each(COMBOS)(
  'node-redis $version, RESP$protocol, $topology: a connection lost mid-script',
  (combo) => {
    let connected: Connected;
    let observer: Connected;
    let storage: NodeRedisStorage;
    let manager: SessionManager;
    let watcher: SessionManager;
    let did: Did;
    beforeAll(async () => {
      [connected, observer] = await Promise.all([connect(combo), connect(combo)]);
    });
    afterAll(async () => {
      await Promise.all([connected.close(), observer.close()]);
    });
    beforeEach(() => {
      const keyPrefix = freshPrefix();
      did = randomDid();
      storage = new NodeRedisStorage(connected.client, { keyPrefix });
      manager = new SessionManager({ storage });
      // Another connection, to look at the data while the tested one is stuck.
      watcher = new SessionManager({
        storage: new NodeRedisStorage(observer.client, { keyPrefix }),
      });
    });

    it('an update whose reply was lost resolves, applied once', async () => {
      const { id, token } = await manager.createSession(did, metadata());
      const outcome = await lostReply(
        connected,
        storage.keys.bucket(id),
        () => manager.updateSession(id, { scope: ['after'] }),
        async () => (await watcher.getSession(token))?.scope[0] === 'after',
      );
      expect(outcome).toBeUndefined(); // resolved, through the re-send
      expect((await manager.getSession(token))?.scope).toEqual(['after']);
      expect(await manager.listSessions(did)).toHaveLength(1);
    });

    it('a token revocation whose reply was lost resolves', async () => {
      const jti = `jti-${freshPrefix()}`;
      const outcome = await lostReply(
        connected,
        storage.keys.token(jti),
        () => manager.revokeToken(jti, new Date(Date.now() + 60_000)),
        () => watcher.isTokenRevoked(jti),
      );
      expect(outcome).toBeUndefined();
      expect(await manager.isTokenRevoked(jti)).toBe(true);
    });

    it('a script the server never ran (client paused, then killed) runs once after the reconnect', async () => {
      // One key holds every session of the user.
      const connection = await connectionFor(connected, storage.keys.user(did));
      const { port } = connection;
      // WRITE pauses scripts that may write, not CLIENT LIST and CLIENT KILL.
      await rawCommand(port, 'CLIENT PAUSE 10000 WRITE');
      try {
        const creating = manager.createSession(did, metadata());
        await until('the script waits on the paused server', async () => {
          const line = await rawCommand(port, `CLIENT LIST ID ${connection.id}`);
          return / flags=b /.test(line) && / cmd=evalsha /.test(line);
        });
        await connection.kill();
        await rawCommand(port, 'CLIENT UNPAUSE');
        const created = await creating;
        expect((await watcher.listSessions(did)).map((s) => s.id)).toEqual([created.id]);
      } finally {
        await rawCommand(port, 'CLIENT UNPAUSE');
      }
    });
  },
);

describe('node-redis 6, disableOfflineQueue: a lost reply', () => {
  it('cannot be resolved: the re-send meets a reconnecting client and the call fails', async () => {
    const combo: Combo = { version: 6, protocol: 3, topology: 'standalone', offlineQueue: false };
    const [connected, observer] = await Promise.all([connect(combo), connect(combo)]);
    try {
      const keyPrefix = freshPrefix();
      const storage = new NodeRedisStorage(connected.client, { keyPrefix });
      const manager = new SessionManager({ storage });
      const watcher = new SessionManager({
        storage: new NodeRedisStorage(observer.client, { keyPrefix }),
      });
      const { id, token } = await manager.createSession(randomDid(), metadata());
      const outcome = await lostReply(
        connected,
        storage.keys.bucket(id),
        () => manager.updateSession(id, { scope: ['after'] }),
        async () => (await watcher.getSession(token))?.scope[0] === 'after',
      );
      expect(outcome).toBeInstanceOf(StorageError);
      expect((outcome as StorageError).message).toBe(
        'node-redis: update failed: The client is offline',
      );
      // It did apply: the outcome was unknown to the caller, and a retry is safe.
      expect((await watcher.getSession(token))?.scope).toEqual(['after']);
    } finally {
      await Promise.all([connected.close(), observer.close()]);
    }
  });
});
