import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  beginSlotMigration,
  migrateSlotGradually,
  nodeForSlot,
  otherNodeThan,
  type RedisCluster,
  redisCommand,
  slotOf,
  startRedisCluster,
} from '../src/index.js';

let cluster: RedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

/** Three keys of one slot, written on the node that owns it. */
async function keysOfOneSlot(tag: string): Promise<{ slot: number; keys: string[] }> {
  const keys = ['a', 'b', 'c'].map((name) => `{${tag}}:${name}`);
  const slot = slotOf(keys[0]!);
  const owner = await nodeForSlot(cluster, slot);
  for (const key of keys) await redisCommand(owner.port, 'SET', key, key);
  return { slot, keys };
}

const script = "return {redis.call('get', KEYS[1]), redis.call('get', KEYS[2])}";

describe('slotOf', () => {
  it('agrees with CLUSTER KEYSLOT, hash tags and edge cases included', async () => {
    const keys = ['', 'a', 'user:1', '{user}:1', 'x{user}y', '{}a', '{{a}}', 'a{}{b}', 'ü{é}'];
    for (let i = 0; i < 40; i++) keys.push(`k${i}:${Math.random()}`);
    for (const key of keys) {
      expect(slotOf(key), key).toBe(
        await redisCommand(cluster.nodes[0]!.port, 'CLUSTER', 'KEYSLOT', key),
      );
    }
  });
});

describe('beginSlotMigration', () => {
  it('leaves a slot half moved: ASK for moved keys, TRYAGAIN for split scripts', async () => {
    const { slot, keys } = await keysOfOneSlot(`half-${Math.random()}`);
    const [moved, kept] = keys as [string, string, string];
    const source = await nodeForSlot(cluster, slot);
    const migration = await beginSlotMigration(cluster, slot, await otherNodeThan(cluster, slot));
    try {
      expect(await migration.moveKeys([moved])).toBe(1);
      expect(await migration.keysOnTarget()).toEqual([moved]);
      expect((await migration.keysOnSource()).sort()).toEqual(keys.slice(1).sort());
      await expect(redisCommand(source.port, 'GET', moved)).rejects.toThrow(
        `ASK ${slot} 127.0.0.1:${migration.target.port}`,
      );
      expect(await redisCommand(source.port, 'GET', kept)).toBe(kept);
      await expect(redisCommand(source.port, 'EVAL', script, 2, kept, moved)).rejects.toThrow(
        /^TRYAGAIN/,
      );
      expect(await nodeForSlot(cluster, slot)).toEqual(source); // not handed over yet
      const portsOnly = { nodes: cluster.nodes.map(({ port }) => ({ port })) };
      expect(await nodeForSlot(portsOnly, slot)).toEqual(source);
    } finally {
      await migration.abort();
    }
  });

  it('finish() moves the rest and hands the slot over on every master', async () => {
    const { slot, keys } = await keysOfOneSlot(`finish-${Math.random()}`);
    const target = await otherNodeThan(cluster, slot);
    const migration = await beginSlotMigration(cluster, slot, target);
    await migration.moveKeys([keys[0]!]);
    await migration.finish();
    for (const node of cluster.nodes)
      expect(await nodeForSlot(cluster, slot, node)).toEqual(target);
    expect(await redisCommand(target.port, 'EVAL', script, 2, keys[1]!, keys[2]!)).toEqual(
      keys.slice(1),
    );
    await expect(redisCommand(migration.source.port, 'GET', keys[0]!)).rejects.toThrow(/^MOVED/);
    await expect(migration.finish()).rejects.toThrow(/already finished/);
  });

  it('abort() brings moved keys back and leaves the slot stable with its owner', async () => {
    const { slot, keys } = await keysOfOneSlot(`abort-${Math.random()}`);
    const source = await nodeForSlot(cluster, slot);
    const migration = await beginSlotMigration(cluster, slot, await otherNodeThan(cluster, slot));
    await migration.moveKeys(keys.slice(0, 2));
    await migration.abort();
    expect(await redisCommand(source.port, 'EVAL', script, 2, keys[0]!, keys[1]!)).toEqual(
      keys.slice(0, 2),
    );
    const nodes = String(await redisCommand(source.port, 'CLUSTER', 'NODES'));
    expect(nodes).not.toMatch(/\[\d+-[<>]-/); // no slot left importing or migrating
  });

  it('refuses keys of another slot and a target that already owns the slot', async () => {
    const { slot } = await keysOfOneSlot(`refuse-${Math.random()}`);
    await expect(
      beginSlotMigration(cluster, slot, await nodeForSlot(cluster, slot)),
    ).rejects.toThrow(/already on/);
    const migration = await beginSlotMigration(cluster, slot, await otherNodeThan(cluster, slot));
    try {
      const elsewhere = slotOf('a') === slot ? 'b' : 'a';
      await expect(migration.moveKeys([elsewhere])).rejects.toThrow(/not \d+/);
    } finally {
      await migration.abort();
    }
  });
});

describe('migrateSlotGradually', () => {
  it('moves a slot key by key while a client keeps writing, losing nothing', async () => {
    const tag = `gradual-${Math.random()}`;
    const slot = slotOf(`{${tag}}`);
    const client = new Cluster(cluster.nodes.map(({ host, port }) => ({ host, port })));
    try {
      const keys = Array.from({ length: 40 }, (_, i) => `{${tag}}:${i}`);
      await Promise.all(keys.map((key) => client.set(key, '0')));
      const target = await otherNodeThan(cluster, slot);
      let stop = false;
      let writes = 0;
      const workload = (async () => {
        while (!stop) {
          await client.incr(keys[writes % keys.length]!);
          writes += 1;
        }
      })();
      const result = await migrateSlotGradually(cluster, slot, target, { pauseMs: 1 });
      stop = true;
      await workload;
      expect(result).toEqual({ movedOneByOne: 40, completedGradually: true });
      const values = await Promise.all(keys.map((key) => redisCommand(target.port, 'GET', key)));
      expect(values.reduce<number>((sum, value) => sum + Number(value), 0)).toBe(writes);
      expect(writes).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }
  });
});
