import { SessionManager, StorageError } from '@coatcheck/core';
import { NodeRedisStorage } from '@coatcheck/node-redis';
import { monitorPrefix, type PrefixMonitor } from '@coatcheck/redis-testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Connected, connect, freshPrefix, type NodeConnection } from './helpers.js';

describe('node-redis 6, RESP3, standalone: how scripts are sent', () => {
  let connected: Connected;
  let send: NodeConnection['send'];
  let monitor: PrefixMonitor;
  let manager: SessionManager;
  let prefix: string;
  beforeAll(async () => {
    connected = await connect({ version: 6, protocol: 3, topology: 'standalone' });
    ({ send } = await connected.connectionFor('any'));
    prefix = freshPrefix();
    monitor = await monitorPrefix([inject('standalonePort')], prefix);
    manager = new SessionManager({
      storage: new NodeRedisStorage(connected.client, { keyPrefix: prefix }),
    });
  });
  afterAll(async () => {
    monitor.close();
    await connected.close();
  });

  /** The client commands `operation` sent, by name. */
  const sent = async (operation: () => Promise<unknown>) => {
    await monitor.sync();
    monitor.take();
    await operation().catch(() => {});
    await monitor.sync();
    return monitor
      .take()
      .filter((line) => !line.fromLua)
      .map((line) => line.command);
  };

  it('a server without the script (flushed, restarted) gets EVAL after its NOSCRIPT, then EVALSHA', async () => {
    await manager.isTokenRevoked('warm');
    await send(['SCRIPT', 'FLUSH']);
    expect(await sent(() => manager.isTokenRevoked('a'))).toEqual(['evalsha', 'eval']);
    expect(await sent(() => manager.isTokenRevoked('b'))).toEqual(['evalsha']);
    expect(await manager.isTokenRevoked('b')).toBe(false);
  });

  it('an error reply is never retried: one command, StorageError with the reply', async () => {
    // A user who may not run scripts: every EVALSHA gets a NOPERM reply.
    const user = `nr-${prefix.slice(1, 9)}`;
    await send(['ACL', 'SETUSER', user, 'on', 'nopass', '~*', '+@all', '-evalsha', '-eval']);
    const limited = createClient({
      url: `redis://127.0.0.1:${inject('standalonePort')}`,
      username: user,
      password: 'unused',
    });
    await limited.connect();
    try {
      const refused = new SessionManager({
        storage: new NodeRedisStorage(limited, { keyPrefix: prefix }),
      });
      const rejected = async () => {
        const stats = String(await send(['INFO', 'commandstats']));
        return Number(/cmdstat_evalsha:.*rejected_calls=(\d+)/.exec(stats)?.[1] ?? 0);
      };
      const before = await rejected();
      let error: unknown;
      const commands = await sent(async () => {
        error = await refused.isTokenRevoked('jti').catch((e: unknown) => e);
      });
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).message).toMatch(/^node-redis: isTokenRevoked failed: NOPERM/);
      // MONITOR does not show refused commands: the server's count says it was sent once.
      expect(commands).toEqual([]);
      expect((await rejected()) - before).toBe(1);
    } finally {
      await limited.close();
      await send(['ACL', 'DELUSER', user]);
    }
  });
});
