import { type Did, SessionManager } from '@coatcheck/core';
import { NodeRedisStorage } from '@coatcheck/node-redis';
import { SCRIPTS } from '@coatcheck/redis';
import { rawCommand } from '@coatcheck/redis-testing';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type Combo, type Connected, connect, freshPrefix } from './helpers.js';

// Both majors: the runner recognises a lost connection by node-redis's own errors.
const COMBOS: readonly Combo[] = [
  { version: 6, protocol: 3, topology: 'standalone' },
  { version: 5, protocol: 2, topology: 'standalone' },
];

/** Polls `check` every 5 ms, at most 2 s; fails the test if it never holds. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never: ${what}`);
}

describe.each(COMBOS)(
  'node-redis $version, RESP$protocol: a connection lost mid-script',
  (combo) => {
    const port = () => inject('standalonePort');
    let connected: Connected;
    let observer: Connected;
    let manager: SessionManager;
    let watcher: SessionManager;
    let did: Did;
    beforeAll(async () => {
      [connected, observer] = await Promise.all([connect(combo), connect(combo)]);
      // A reply-less EVALSHA must find its script: a skipped NOSCRIPT would never run it.
      for (const script of Object.values(SCRIPTS))
        await connected.send(['SCRIPT', 'LOAD', script.script]);
    });
    afterAll(async () => {
      await rawCommand(port(), 'CLIENT UNPAUSE');
      await Promise.all([connected.close(), observer.close()]);
    });
    beforeEach(() => {
      const keyPrefix = freshPrefix();
      did = randomDid();
      manager = new SessionManager({
        storage: new NodeRedisStorage(connected.client, { keyPrefix }),
      });
      // Another connection, to look at the data while the tested one is stuck.
      watcher = new SessionManager({
        storage: new NodeRedisStorage(observer.client, { keyPrefix }),
      });
    });

    /** Kills the tested client's connection from outside; node-redis then reconnects. */
    const kill = async (id: unknown) => {
      expect(await rawCommand(port(), `CLIENT KILL ID ${String(id)}`)).toBe(':1\r\n');
    };

    /**
     * Runs `operation` with its reply lost: the server runs the script but sends no reply
     * (`CLIENT REPLY SKIP`), and once `ran` sees its effect from another connection, the
     * connection is killed. node-redis rejects the command; the runner must send it again.
     */
    const withLostReply = async <T>(operation: () => Promise<T>, ran: () => Promise<boolean>) => {
      const id = await connected.send(['CLIENT', 'ID']);
      const skipped = connected.send(['CLIENT', 'REPLY', 'SKIP']).then(
        () => 'replied',
        (error: unknown) => error,
      );
      const pending = operation();
      await until('the first run had its effect', ran);
      await kill(id);
      const result = await pending;
      // node-redis did reject what was in flight: the operation resolved through the re-send.
      expect(await skipped).toBeInstanceOf(Error);
      return result;
    };

    it('an update whose reply was lost resolves, applied once', async () => {
      const { id } = await manager.createSession(did, metadata());
      await withLostReply(
        () => manager.updateSession(id, { scope: ['after'] }),
        async () => (await watcher.getSession(id))?.scope[0] === 'after',
      );
      expect((await manager.getSession(id))?.scope).toEqual(['after']);
      expect(await manager.listSessions(did)).toHaveLength(1);
    });

    it('a token revocation whose reply was lost resolves', async () => {
      const jti = `jti-${freshPrefix()}`;
      await withLostReply(
        () => manager.revokeToken(jti, new Date(Date.now() + 60_000)),
        () => watcher.isTokenRevoked(jti),
      );
      expect(await manager.isTokenRevoked(jti)).toBe(true);
    });

    it('a script the server never ran (client paused, then killed) runs once after the reconnect', async () => {
      const id = await connected.send(['CLIENT', 'ID']);
      // WRITE pauses scripts that may write, not CLIENT LIST and CLIENT KILL.
      await rawCommand(port(), 'CLIENT PAUSE 10000 WRITE');
      try {
        const creating = manager.createSession(did, metadata());
        await until('the script waits on the paused server', async () => {
          const line = await rawCommand(port(), `CLIENT LIST ID ${String(id)}`);
          return / flags=b /.test(line) && / cmd=evalsha /.test(line);
        });
        await kill(id);
        await rawCommand(port(), 'CLIENT UNPAUSE');
        const created = await creating;
        expect((await watcher.listSessions(did)).map((s) => s.id)).toEqual([created.id]);
      } finally {
        await rawCommand(port(), 'CLIENT UNPAUSE');
      }
    });
  },
);
