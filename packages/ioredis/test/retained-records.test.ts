import { type Did, SessionManager } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { type MonitoredCommand, monitorPrefix } from '@coatcheck/redis-testing';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, freshPrefix, scanPrefix, TOPOLOGIES } from './helpers.js';

const LIMIT = 10;
const RETAINED = 2000;
// Commands that read a hash's fields without naming them: their cost grows with the hash.
const WHOLE_HASH = new Set(['hgetall', 'hkeys', 'hvals', 'hrandfield']);

/** How many hash fields the scripts' commands named in a read, and the reads of a whole hash. */
function reads(commands: readonly MonitoredCommand[]) {
  let fields = 0;
  const whole: string[] = [];
  const unbounded: string[] = [];
  for (const { command, args, fromLua } of commands) {
    if (!fromLua) continue;
    if (command === 'hget') fields += 1;
    if (command === 'hmget') fields += args.length - 2;
    if (WHOLE_HASH.has(command)) whole.push(command);
    // A sweep reads a few fields at a time, never the rest.
    if (command === 'hscan' && !(args[3]?.toUpperCase() === 'COUNT' && Number(args[4]) <= 16))
      unbounded.push(command);
  }
  return { fields, whole, unbounded };
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
    // The user's live sessions, the session's own field, the live index and a receipt at most.
    expect(Object.keys(measured)).toHaveLength(8);
    for (const [name, { fields, whole, unbounded }] of Object.entries(measured)) {
      expect({ name, whole, unbounded, bounded: fields <= LIMIT + 3 }).toEqual({
        name,
        whole: [],
        unbounded: [],
        bounded: true,
      });
    }
    // And the retained records are all still there for the audit list.
    const all = await manager.listSessions(did, { includeRevoked: true });
    expect(all.length).toBe(LIMIT + RETAINED + 2);
    expect(all.every((s) => s.revoked)).toBe(true);
  });

  it('are deleted once past their retention, a few per step, by a sweep that goes round', async () => {
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

    now += 61_000; // past the retention of the 100 evicted
    await manager.createSession(did, metadata());
    let creates = 1;
    // Some deleted, most still there: a step pays for a few fields, not for all of them.
    const left = await sessionFields();
    expect(left).toBeLessThan(102);
    expect(left).toBeGreaterThan(60);
    // The sweep's cursor is dropped when it comes round: once to end the round under way,
    // once more for a round that started after the clock moved and so saw every field.
    let rounds = 0;
    while (rounds < 2 && creates < 200) {
      await manager.createSession(did, metadata());
      creates++;
      if ((await client.hget(hash, 'sweep')) === null) rounds++;
    }
    expect(rounds).toBe(2);
    // Left: the live session and the ones evicted since the clock moved, still kept.
    expect(await sessionFields()).toBe(1 + creates);
    const listed = await manager.listSessions(did, { includeRevoked: true });
    expect(listed).toHaveLength(1 + creates);
    expect(listed.filter((s) => s.revoked !== true)).toHaveLength(1);

    const keys = await scanPrefix(topology, prefix);
    expect([...keys.keys()]).toEqual([hash]);
    for (const [, ttl] of keys) expect(ttl).toBeGreaterThan(0);
  });
});
