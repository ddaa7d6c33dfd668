import { type Did, SessionManager } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { type MonitoredCommand, monitorPrefix } from '@coatcheck/redis-testing';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, freshPrefix, scanPrefix, TOPOLOGIES } from './helpers.js';

const LIMIT = 10;
const RETAINED = 2000;
// Commands that read a hash's fields without naming them: their cost grows with the hash.
const WHOLE_HASH = new Set(['hgetall', 'hkeys', 'hvals', 'hscan', 'hrandfield']);

/** How many hash fields the scripts' commands named in a read, and the reads of a whole hash. */
function reads(commands: readonly MonitoredCommand[]) {
  let fields = 0;
  const whole: string[] = [];
  for (const { command, args, fromLua } of commands) {
    if (!fromLua) continue;
    if (command === 'hget') fields += 1;
    if (command === 'hmget') fields += args.length - 2;
    if (WHOLE_HASH.has(command)) whole.push(command);
  }
  return { fields, whole };
}

describe.each(TOPOLOGIES)('%s: revoked records kept for retention', (topology) => {
  let client: ReturnType<typeof connect>;
  beforeAll(() => {
    client = connect(topology);
  });
  afterAll(() => client.quit());
  const ports = () =>
    topology === 'standalone' ? [inject('standalonePort')] : inject('clusterPorts');

  it(`cost nothing to the steps on live sessions: with ${RETAINED} kept, each reads only the ${LIMIT} live ones`, async () => {
    const prefix = freshPrefix();
    const storage = new IoRedisStorage(client, { keyPrefix: prefix });
    const manager = new SessionManager({
      storage,
      config: { maxSessionsPerUser: LIMIT, touchIntervalSeconds: 0 },
    });
    const did = randomDid();
    const issued: { id: string; token: string }[] = [];
    // Each create past the limit evicts one: a user who signs in thousands of times a day.
    for (let i = 0; i < LIMIT + RETAINED; i++)
      issued.push(await manager.createSession(did, metadata()));
    expect(await client.hlen(storage.keys.user(did))).toBeGreaterThanOrEqual(RETAINED + LIMIT);

    const monitor = await monitorPrefix(ports(), prefix);
    const measured: Record<string, ReturnType<typeof reads>> = {};
    const measure = async (name: string, step: () => Promise<unknown>) => {
      await monitor.sync();
      monitor.take();
      await step();
      await monitor.sync();
      measured[name] = reads(monitor.take());
    };
    try {
      const live = () => manager.listSessions(did).then((list) => list.map((s) => s.id));
      await measure('create', () => manager.createSession(did, metadata()));
      const [first, second, third] = await live();
      const token = (id = '') => issued.find((s) => s.id === id)?.token ?? '';
      await measure('get', () => manager.getSession(token(first)));
      await measure('update', () => manager.updateSession(first ?? '', { scope: ['x'] }));
      await measure('list', () => manager.listSessions(did));
      await measure('rotate', () => manager.rotateSession(first ?? ''));
      await measure('revoke', () => manager.revokeSession(second ?? ''));
      await measure('revokeOthers', () => manager.revokeOtherSessions(did, third ?? ''));
      await measure('revokeAll', () => manager.revokeAllSessions(did));
    } finally {
      monitor.close();
    }
    // The user's live sessions, and at most: the session's own field, the live index, a
    // receipt, the purge queue and two of its chunks.
    expect(Object.keys(measured)).toHaveLength(8);
    for (const [name, { fields, whole }] of Object.entries(measured)) {
      expect({ name, whole, bounded: fields <= LIMIT + 6 }).toEqual({
        name,
        whole: [],
        bounded: true,
      });
    }
    // And the retained records are all still there for the audit list.
    const all = await manager.listSessions(did, { includeRevoked: true });
    expect(all.length).toBe(LIMIT + RETAINED + 2);
    expect(all.every((s) => s.revoked)).toBe(true);
  });

  it('are deleted once past their retention, 16 per step at most, the key expiring', async () => {
    const prefix = freshPrefix();
    const storage = new IoRedisStorage(client, { keyPrefix: prefix });
    let now = Date.now();
    const manager = new SessionManager({
      storage,
      now: () => now,
      config: { maxSessionsPerUser: 1, revokedRetentionSeconds: 60 },
    });
    const did: Did = randomDid();
    const hash = storage.keys.user(did);
    const sessionFields = async () =>
      Object.keys(await client.hgetall(hash)).filter((f) => /^[0-9a-f]{20}$/.test(f)).length;
    for (let i = 0; i < 101; i++) await manager.createSession(did, metadata());
    expect(await sessionFields()).toBe(101);

    await manager.createSession(did, metadata());
    // Not yet due: nothing deleted, one more evicted.
    expect(await sessionFields()).toBe(102);
    now += 61_000; // past the retention of the 101 evicted so far
    await manager.createSession(did, metadata());
    // 16 deleted, one more evicted: a step pays for a few deletions, not for all of them.
    expect(await sessionFields()).toBe(1 + 101 - 16 + 1);
    for (let i = 0; i < 6; i++) await manager.createSession(did, metadata());
    // All 101 gone; left are the live session and the 7 evicted since the clock moved.
    expect(await sessionFields()).toBe(1 + 7);
    const listed = await manager.listSessions(did, { includeRevoked: true });
    expect(listed).toHaveLength(8);
    expect(listed.filter((s) => s.revoked !== true)).toHaveLength(1);

    const keys = await scanPrefix(topology, prefix);
    expect([...keys.keys()]).toEqual([hash]);
    for (const [, ttl] of keys) expect(ttl).toBeGreaterThan(0);
  });
});
