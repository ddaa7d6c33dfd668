import { InvalidArgumentError, SessionManager } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { SCRIPTS } from '@coatcheck/redis';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { connect, freshPrefix, masterClients, TOPOLOGIES } from './helpers.js';

describe.each(TOPOLOGIES)('%s: scripts on the client', (topology) => {
  let client: ReturnType<typeof connect>;
  beforeAll(() => {
    client = connect(topology);
  });
  afterAll(() => client.quit());

  it('are defined once per client, however many storages share it', () => {
    const fresh = connect(topology);
    const define = vi.spyOn(fresh, 'defineCommand');
    new IoRedisStorage(fresh, { keyPrefix: freshPrefix() });
    new IoRedisStorage(fresh, { keyPrefix: freshPrefix() });
    expect(define).toHaveBeenCalledTimes(Object.keys(SCRIPTS).length);
    fresh.disconnect();
  });

  it('keep working after the server forgot them (NOSCRIPT, then EVAL)', async () => {
    const manager = new SessionManager({
      storage: new IoRedisStorage(client, { keyPrefix: freshPrefix() }),
    });
    const did = randomDid();
    const session = await manager.createSession(did, metadata());
    for (const master of masterClients(topology)) {
      await master.script('FLUSH');
      master.disconnect();
    }
    expect((await manager.getSession(session.token))?.id).toBe(session.id);
    expect(await manager.listSessions(did)).toHaveLength(1);
  });
});

describe('key prefixes', () => {
  it('a prefix with a brace is refused, naming the field', () => {
    const client = new Redis({ lazyConnect: true });
    for (const keyPrefix of ['a{', 'b}']) {
      expect(() => new IoRedisStorage(client, { keyPrefix })).toThrowError(InvalidArgumentError);
    }
    const braced = new Redis({ lazyConnect: true, keyPrefix: 'x{y}' });
    expect(() => new IoRedisStorage(braced)).toThrowError(/client\.options\.keyPrefix/);
    client.disconnect();
    braced.disconnect();
  });

  it("the client's own keyPrefix goes in front of coatcheck's, and every operation works", async () => {
    const outer = freshPrefix();
    const client = new Redis({
      host: '127.0.0.1',
      port: inject('standalonePort'),
      keyPrefix: outer,
    });
    const plain = new Redis({ host: '127.0.0.1', port: inject('standalonePort') });
    try {
      const storage = new IoRedisStorage(client);
      const manager = new SessionManager({ storage, config: { maxSessionsPerUser: 2 } });
      const did = randomDid();
      const [a, b, c] = [
        await manager.createSession(did, metadata()),
        await manager.createSession(did, metadata()),
        await manager.createSession(did, metadata()),
      ];
      expect(await manager.getSession(a.token)).toBeNull(); // evicted in the prefixed hash
      const rotated = await manager.rotateSession(b.id);
      const listed = (await manager.listSessions(did)).map((s) => s.id);
      expect([...listed].sort()).toEqual([rotated.id, c.id].sort());
      // Four sessions (two of them revoked), besides the scripts' own fields.
      const fields = await plain.hkeys(outer + storage.keys.user(did));
      expect(fields.filter((f) => /^[0-9a-f]{20}$/.test(f))).toHaveLength(4);
      await manager.revokeAllSessions(did);
      expect(await manager.listSessions(did)).toEqual([]);
      expect(await manager.listSessions(did, { includeRevoked: true })).toHaveLength(4);
    } finally {
      client.disconnect();
      plain.disconnect();
    }
  });
});
