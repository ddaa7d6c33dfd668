import { once } from 'node:events';
import { connect } from 'node:net';
import { SessionManager, StorageError } from '@coatcheck/core';
import { type NodeRedisClient, NodeRedisStorage } from '@coatcheck/node-redis';
import { type RedisServer, rawCommand, startRedisServer } from '@coatcheck/redis-testing';
import { metadata, operationCalls, randomDid, settlement } from '@coatcheck/storage-tests';
import { createClient as createClient6 } from 'redis';
import { createClient as createClient5 } from 'redis5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 500;

type Queue = 'offline queue off' | 'offline queue on';

/** The fail-fast options the README recommends. */
function failFast(url: string, queue: Queue) {
  return {
    url,
    disableOfflineQueue: queue === 'offline queue off',
    // Below socketTimeout: an idle connection hears a PONG in time and is kept.
    pingInterval: TIMEOUT_MS / 2,
    commandOptions: { timeout: TIMEOUT_MS },
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 500),
    },
  };
}

/** Waits (bounded) until the client has reconnected and serves calls again. */
async function serving(manager: SessionManager): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (
      await manager.isTokenRevoked('probe').then(
        () => true,
        () => false,
      )
    )
      return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** What the tests use of a client of either major version. */
type Client = NodeRedisClient & {
  on(event: 'error', listener: (error: Error) => void): unknown;
  connect(): Promise<unknown>;
  info(section: string): Promise<unknown>;
  destroy(): void;
};

const VERSIONS: readonly { version: number; createClient(url: string, queue: Queue): Client }[] = [
  { version: 6, createClient: (url, queue) => createClient6(failFast(url, queue)) },
  { version: 5, createClient: (url, queue) => createClient5(failFast(url, queue)) },
];

describe.each(VERSIONS)('node-redis $version: Redis unavailable', ({ createClient }) => {
  let server: RedisServer;
  let client: Client;
  let manager: SessionManager;
  beforeAll(async () => {
    server = await startRedisServer();
    client = createClient(server.url, 'offline queue off');
    client.on('error', () => {}); // reconnect noise while the server is down; calls report errors
    await client.connect();
    manager = new SessionManager({ storage: new NodeRedisStorage(client) });
  });
  afterAll(async () => {
    client.destroy();
    await server.stop();
  });

  it('a server that does not answer: socket.socketTimeout rejects with StorageError', async () => {
    const did = randomDid();
    await manager.createSession(did, metadata());
    // Idle for longer than socketTimeout: the pings keep the connection.
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 2));
    expect((await manager.createSession(did, metadata())).did).toBe(did);
    // Freeze the server (it is this test's own): connections stay open, nothing answers.
    const pid = Number(String(await client.info('server')).match(/process_id:(\d+)/)?.[1]);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGSTOP');
    let error: unknown;
    try {
      error = await settlement(() => manager.createSession(did, metadata()), TIMEOUT_MS + 1000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(
      /^node-redis: create failed: Socket timeout timeout. Expecting data/,
    );
    // node-redis dropped the connection; it reconnects on its own once the server answers.
    expect(await serving(manager)).toBe(true);
    expect((await manager.createSession(did, metadata())).did).toBe(did);
  });

  it('a stopped server: with disableOfflineQueue every operation rejects at once, and works again after a restart', async () => {
    const did = randomDid();
    const session = await manager.createSession(did, metadata());
    const port = server.port;
    await server.stop();
    for (const [operation, call] of operationCalls(manager, did, session)) {
      // Well before the command timeout: nothing is queued.
      const error = await settlement(call, TIMEOUT_MS - 100);
      expect(error, operation).toBeInstanceOf(StorageError);
      const { message } = error as StorageError;
      expect(message, operation).toMatch(new RegExp(`^node-redis: ${operation} failed: \\S`));
      expect(message, operation).not.toContain(session.id);
    }

    server = await startRedisServer({ port });
    // The reconnect strategy retries every 500 ms at most; no persistence, so the old data is
    // gone.
    expect(await serving(manager)).toBe(true);
    const again = await manager.createSession(did, metadata());
    expect((await manager.getSession(again.token))?.id).toBe(again.id);
    expect(await manager.getSession(session.token)).toBeNull();
  });

  it('a server that takes no connection: socket.connectTimeout ends each attempt, calls fail at once', async () => {
    // A frozen server with a one-slot accept queue: once two connections wait in it, the
    // kernel drops further SYNs, so a connect hangs until the client gives up on it.
    const own = await startRedisServer({ args: ['--tcp-backlog', '1'] });
    const pid = Number(/process_id:(\d+)/.exec(await rawCommand(own.port, 'INFO server'))?.[1]);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGSTOP');
    const fillers = Array.from({ length: 4 }, () => connect({ host: '127.0.0.1', port: own.port }));
    const late = createClient(own.url, 'offline queue off');
    try {
      await Promise.all(fillers.slice(0, 2).map((socket) => once(socket, 'connect')));
      const timedOut = new Promise<Error>((resolve) => {
        late.on('error', (error) => {
          if (error.constructor.name === 'ConnectionTimeoutError') resolve(error);
        });
      });
      void late.connect().catch(() => {});
      expect(await settlement(() => timedOut, CONNECT_TIMEOUT_MS + 1000)).toBeInstanceOf(Error);
      const sessions = new SessionManager({ storage: new NodeRedisStorage(late) });
      const error = await settlement(() => sessions.isTokenRevoked('jti'), TIMEOUT_MS - 100);
      expect((error as StorageError).message).toBe(
        'node-redis: isTokenRevoked failed: The client is offline',
      );

      process.kill(pid, 'SIGCONT');
      for (const socket of fillers) socket.destroy();
      expect(await serving(sessions)).toBe(true);
    } finally {
      process.kill(pid, 'SIGCONT');
      for (const socket of fillers) socket.destroy();
      late.destroy();
      await own.stop();
    }
  });

  it('a stopped server with the offline queue on: commands wait, then reject after commandOptions.timeout', async () => {
    const own = await startRedisServer();
    const queued = createClient(own.url, 'offline queue on');
    queued.on('error', () => {});
    await queued.connect();
    try {
      const storage = new NodeRedisStorage(queued);
      const sessions = new SessionManager({ storage });
      await sessions.isTokenRevoked('up');
      await own.stop();
      const error = await settlement(() => sessions.isTokenRevoked('down'), TIMEOUT_MS + 1000);
      expect(error).toBeInstanceOf(StorageError);
      // node-redis's own TimeoutError has an empty message: the adapter says what happened.
      expect((error as StorageError).message).toMatch(
        /^node-redis: isTokenRevoked failed: timeout: /,
      );
      expect(((error as StorageError).cause as Error).cause?.constructor.name).toBe('TimeoutError');
    } finally {
      queued.destroy();
      await own.stop();
    }
  });
});
