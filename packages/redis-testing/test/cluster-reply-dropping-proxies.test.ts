import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClusterReplyDroppingProxies,
  nodeForSlot,
  type RedisCluster,
  redisCommand,
  slotOf,
  startClusterReplyDroppingProxies,
  startRedisCluster,
} from '../src/index.js';

let cluster: RedisCluster;
let proxies: ClusterReplyDroppingProxies;
let client: Cluster;
beforeAll(async () => {
  cluster = await startRedisCluster();
  proxies = await startClusterReplyDroppingProxies(cluster);
  client = new Cluster([...proxies.startupNodes], {
    natMap: { ...proxies.natMap },
    redisOptions: { maxRetriesPerRequest: 1 },
  });
});
afterAll(async () => {
  client?.disconnect();
  await proxies?.close();
  await cluster?.stop();
});

describe('startClusterReplyDroppingProxies', () => {
  it('routes all of a cluster client through the proxies', async () => {
    const before = proxies.commandCount();
    const keys = ['{a}', '{b}', '{c}', '{d}', '{e}'].map((tag) => `${tag}:route`);
    await Promise.all(keys.map((key) => client.set(key, '1')));
    expect(proxies.commandCount() - before).toBeGreaterThanOrEqual(keys.length);
    expect(proxies.proxies.every((proxy) => proxy.connectionCount() > 0)).toBe(true);
  });

  it('drops the reply of a script on whichever master runs it, once, and the client re-sends', async () => {
    const key = `{user-${Math.random()}}:count`;
    proxies.dropNextReplyTo({ includes: key });
    expect(await client.eval("return redis.call('incr', KEYS[1])", 1, key)).toBe(2);
    expect(proxies.dropped().map((command) => command.name)).toEqual(['EVAL']);
    const owner = await nodeForSlot(cluster, slotOf(key));
    expect(await redisCommand(owner.port, 'GET', key)).toBe('2');
    expect(await client.eval("return redis.call('incr', KEYS[1])", 1, key)).toBe(3);
  });
});
