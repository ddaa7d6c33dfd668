import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  nodeForSlot,
  type RedisCluster,
  type RedisServer,
  recordClusterScriptKeyAccess,
  recordScriptKeyAccess,
  slotOf,
  startRedisCluster,
  startRedisServer,
} from '../src/index.js';

const good =
  "redis.call('set', KEYS[1], ARGV[1]); redis.call('time'); return redis.call('get', KEYS[2])";
// The fault the checker exists for: a key name built inside the script.
const bad = "local id = redis.call('get', KEYS[1]); return redis.call('get', 'index:' .. ARGV[1])";
const msetBad = "return redis.call('mset', KEYS[1], 'a', KEYS[1] .. ':shadow', 'b')";

describe('recordScriptKeyAccess', () => {
  let redis: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedisServer();
    client = new Redis(redis.port, '127.0.0.1');
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  it('reports the keys a well-behaved script declared and touched, and no violation', async () => {
    const report = await recordScriptKeyAccess(redis.port, async () => {
      await client.eval(good, 2, 'k1', 'k2', 'v');
      return 'done';
    });
    expect(report.result).toBe('done');
    expect(report.violations).toEqual([]);
    expect(report.calls).toEqual([
      {
        port: redis.port,
        command: 'EVAL',
        script: good,
        declaredKeys: ['k1', 'k2'],
        commands: [
          { name: 'set', keys: ['k1'] },
          { name: 'time', keys: [] },
          { name: 'get', keys: ['k2'] },
        ],
        undeclaredKeys: [],
      },
    ]);
  });

  it('catches a script that builds a key name from ARGV, through EVALSHA too', async () => {
    client.defineCommand('badRead', { numberOfKeys: 1, lua: bad });
    const scripted = client as unknown as { badRead(k: string, a: string): Promise<unknown> };
    const report = await recordScriptKeyAccess(redis.port, async () => {
      await client.eval(good, 2, 'k1', 'k2', 'v');
      await scripted.badRead('session:1', 'user-7'); // EVALSHA, NOSCRIPT, then EVAL
      await scripted.badRead('session:1', 'user-7'); // EVALSHA
    });
    // A refused EVALSHA (NOSCRIPT) never ran, and MONITOR does not show it.
    expect(report.calls.map((call) => call.command)).toEqual(['EVAL', 'EVAL', 'EVALSHA']);
    expect(report.violations).toHaveLength(2);
    expect(report.violations[1]).toMatchObject({
      command: 'EVALSHA',
      declaredKeys: ['session:1'],
      undeclaredKeys: ['index:user-7'],
    });
  });

  it('finds every key of a multi-key command with COMMAND GETKEYS', async () => {
    const report = await recordScriptKeyAccess(redis.port, () => client.eval(msetBad, 1, 'm'));
    expect(report.violations[0]?.commands).toEqual([{ name: 'mset', keys: ['m', 'm:shadow'] }]);
    expect(report.violations[0]?.undeclaredKeys).toEqual(['m:shadow']);
  });

  it('passes on the error of run() after closing its connections', async () => {
    await expect(
      recordScriptKeyAccess(redis.port, () => Promise.reject(new Error('workload failed'))),
    ).rejects.toThrow('workload failed');
    const clients = String(await client.client('LIST'));
    expect(clients).not.toContain('cmd=monitor');
  });
});

describe('recordClusterScriptKeyAccess', () => {
  let cluster: RedisCluster;
  let client: Cluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
    client = new Cluster(cluster.nodes.map(({ host, port }) => ({ host, port })));
  });
  afterAll(async () => {
    client.disconnect();
    await cluster?.stop();
  });

  it('watches every master and attributes each call to the node that ran it', async () => {
    const sameSlotBad = "redis.call('get', KEYS[1]); return redis.call('get', KEYS[1] .. ':x')";
    const users = ['{alice}', '{bob}', '{carol}', '{dave}'];
    const report = await recordClusterScriptKeyAccess(cluster, async () => {
      for (const user of users) await client.eval(good, 2, `${user}:a`, `${user}:b`, 'v');
      await client.eval(sameSlotBad, 1, '{alice}:a');
    });
    expect(report.calls).toHaveLength(users.length + 1);
    for (const call of report.calls) {
      const owner = await nodeForSlot(cluster, slotOf(call.declaredKeys[0]!));
      expect(call.port).toBe(owner.port);
    }
    expect(report.violations.map((call) => call.undeclaredKeys)).toEqual([['{alice}:a:x']]);
  });
});
