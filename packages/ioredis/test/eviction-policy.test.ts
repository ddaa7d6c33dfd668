import { IoRedisStorage } from '@coatcheck/ioredis';
import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import { metadata, randomDid, recorded } from '@coatcheck/storage-tests';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPrefix } from './helpers.js';

/** Resolves once `lines` has at least `count` entries, or after `ms` (the check runs in the background). */
async function settle(lines: string[], count: number, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (lines.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

describe('the maxmemory-policy warning', () => {
  let server: RedisServer | undefined;
  let client: Redis | undefined;
  afterEach(async () => {
    client?.disconnect();
    await server?.stop();
  });

  async function start(args: string[]) {
    server = await startRedisServer({ args });
    client = new Redis({ host: '127.0.0.1', port: server.port });
    return client;
  }

  it('an evicting policy is logged once, at error level, at first use', async () => {
    const redis = await start(['--maxmemory-policy', 'allkeys-lru']);
    const { manager, errors } = recorded(new IoRedisStorage(redis, { keyPrefix: freshPrefix() }));
    const did = randomDid();
    await manager.createSession(did, metadata());
    await manager.listSessions(did);
    await settle(errors, 1);
    await manager.listSessions(did);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('maxmemory-policy');
    expect(errors[0]).toContain('allkeys-lru');
  });

  it('noeviction is not logged', async () => {
    const redis = await start(['--maxmemory-policy', 'noeviction']);
    const { manager, errors } = recorded(new IoRedisStorage(redis, { keyPrefix: freshPrefix() }));
    await manager.createSession(randomDid(), metadata());
    await settle(errors, 1, 200);
    expect(errors).toEqual([]);
  });

  it('a server that refuses CONFIG is not logged and works as usual', async () => {
    const redis = await start([
      '--maxmemory-policy',
      'allkeys-lru',
      '--rename-command',
      'CONFIG',
      '""',
    ]);
    await expect(redis.config('GET', 'maxmemory-policy')).rejects.toThrow();
    const { manager, errors } = recorded(new IoRedisStorage(redis, { keyPrefix: freshPrefix() }));
    const session = await manager.createSession(randomDid(), metadata());
    expect(await manager.getSession(session.token)).not.toBeNull();
    await settle(errors, 1, 200);
    expect(errors).toEqual([]);
  });
});
