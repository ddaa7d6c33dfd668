import { type Did, SessionManager } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, freshPrefix, scanPrefix, TOPOLOGIES } from './helpers.js';

describe.each(TOPOLOGIES)('%s: key lifetimes', (topology) => {
  let client: ReturnType<typeof connect>;
  beforeAll(() => {
    client = connect(topology);
  });
  afterAll(() => client.quit());

  it('after a mixed workload every key under the prefix has a TTL, on every master', async () => {
    const prefix = freshPrefix();
    const storage = new IoRedisStorage(client, { keyPrefix: prefix });
    const manager = new SessionManager({
      storage,
      config: { maxSessionsPerUser: 4, touchIntervalSeconds: 0, sessionExpirationSeconds: 3600 },
    });
    const dids: Did[] = Array.from({ length: 40 }, () => randomDid());
    for (const [u, did] of dids.entries()) {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await manager.createSession(did, metadata())).id); // evicts 2
      const live = (await manager.listSessions(did)).map((s) => s.id);
      await manager.getSession(live[0] ?? '');
      await manager.updateSession(live[1] ?? '', {
        expiresAt: new Date(Date.now() + 7200_000),
        scope: ['a'],
      });
      const rotated = await manager.rotateSession(live[2] ?? '');
      if (u % 4 === 0) await manager.revokeSession(rotated.id);
      if (u % 4 === 1) await manager.revokeOtherSessions(did, rotated.id);
      if (u % 4 === 2) await manager.revokeAllSessions(did);
      await manager.revokeToken(`jti-${u}`, new Date(Date.now() + 60_000));
      await manager.isTokenRevoked(`jti-${u}`);
    }
    const keys = await scanPrefix(topology, prefix);
    expect(keys.size).toBeGreaterThan(200);
    const withoutTtl = [...keys].filter(([, ttl]) => ttl < 0).map(([key]) => key);
    expect(withoutTtl).toEqual([]);
  });

  it("a user's index outlives every session in it, also after slides and updates", async () => {
    const prefix = freshPrefix();
    const storage = new IoRedisStorage(client, { keyPrefix: prefix });
    let now = Date.now();
    const manager = new SessionManager({
      storage,
      now: () => now,
      config: { touchIntervalSeconds: 0, sessionExpirationSeconds: 600 },
    });
    const did = randomDid();
    const early = await manager.createSession(did, metadata());
    now += 60_000;
    await manager.createSession(did, metadata());
    now += 500_000; // the first session is slid well past its original expiry
    await manager.getSession(early.id);
    now += 500_000;
    await manager.getSession(early.id);
    const late = await manager.createSession(did, metadata());
    await manager.updateSession(late.id, { expiresAt: new Date(now + 3 * 3600_000) });

    const recordTtls = await Promise.all(
      [early.id, late.id].map((id) => client.pttl(storage.keys.record(id))),
    );
    const indexTtl = await client.pttl(storage.keys.index(did));
    for (const ttl of recordTtls) expect(indexTtl).toBeGreaterThanOrEqual(ttl - 1000);
    expect(indexTtl).toBeGreaterThan(3 * 3600_000 - 5000);
    // And revoke-all still finds the slid session.
    await manager.revokeAllSessions(did);
    expect(await manager.getSession(early.id)).toBeNull();
    expect(await manager.listSessions(did)).toEqual([]);
  });
});
