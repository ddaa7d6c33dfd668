import { type Did, SessionManager, StorageError } from '@coatcheck/core';
import { NodeRedisStorage } from '@coatcheck/node-redis';
import { SCRIPTS } from '@coatcheck/redis';
import { rawCommand } from '@coatcheck/redis-testing';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Combo, type Connected, connect, freshPrefix } from './helpers.js';

// Both majors (the runner recognises a lost connection by node-redis's own errors), and a
// cluster, whose node connections drop the same way.
const COMBOS: readonly Combo[] = [
  { version: 6, protocol: 3, topology: 'standalone' },
  { version: 5, protocol: 2, topology: 'standalone' },
  { version: 6, protocol: 3, topology: 'cluster' },
  { version: 5, protocol: 2, topology: 'cluster' },
];

/** Polls `check` every 5 ms, at most 2 s; fails the test if it never holds. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never: ${what}`);
}

/**
 * The tested client's connection that carries commands on `key`, with its id, and the
 * scripts loaded there: a reply-less EVALSHA must find its script, since a skipped
 * NOSCRIPT would never run it.
 */
async function connectionFor(connected: Connected, key: string) {
  const connection = await connected.connectionFor(key);
  for (const script of Object.values(SCRIPTS))
    await connection.send(['SCRIPT', 'LOAD', script.script]);
  const id = String(await connection.send(['CLIENT', 'ID']));
  /** Kills it from outside; node-redis then reconnects. */
  const kill = async () => {
    expect(await rawCommand(connection.port, `CLIENT KILL ID ${id}`)).toBe(':1\r\n');
  };
  return { ...connection, id, kill };
}

/**
 * Runs `operation` with its reply lost: the server runs the script but sends no reply
 * (`CLIENT REPLY SKIP`), and once `ran` sees its effect from another connection, the
 * connection is killed. node-redis rejects the command; the runner must send it again.
 * Settles with what the operation resolved with, or the error it rejected with.
 */
async function lostReply(
  connected: Connected,
  key: string,
  operation: () => Promise<unknown>,
  ran: () => Promise<boolean>,
): Promise<unknown> {
  const connection = await connectionFor(connected, key);
  const skipped = connection.send(['CLIENT', 'REPLY', 'SKIP']).then(
    () => 'replied',
    (error: unknown) => error,
  );
  const pending = operation().catch((error: unknown) => error);
  await until('the first run had its effect', ran);
  await connection.kill();
  const result = await pending;
  // node-redis did reject what was in flight, the operation's EVALSHA included.
  expect(await skipped).toBeInstanceOf(Error);
  return result;
}

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
