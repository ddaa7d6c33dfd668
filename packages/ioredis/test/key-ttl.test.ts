import { type Did, SessionManager } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { sessionField, storedDeadline } from '@coatcheck/redis';
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
      const tokens = new Map<string, string>();
      for (let i = 0; i < 6; i++) {
        const issued = await manager.createSession(did, metadata()); // the last 2 evict 2
        tokens.set(issued.id, issued.token);
      }
      const live = (await manager.listSessions(did)).map((s) => s.id);
      expect(await manager.getSession(tokens.get(live[0] ?? '') ?? '')).not.toBeNull();
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
    // One hash per user and one key per revoked token.
    expect(keys.size).toBe(80);
    const withoutTtl = [...keys].filter(([, ttl]) => ttl < 0).map(([key]) => key);
    expect(withoutTtl).toEqual([]);
  });

  it("a user's hash outlives every session in it, also after slides and updates", async () => {
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
    await manager.getSession(early.token);
    now += 500_000;
    await manager.getSession(early.token);
    const late = await manager.createSession(did, metadata());
    await manager.updateSession(late.id, { expiresAt: new Date(now + 3 * 3600_000) });

    const key = storage.keys.user(did);
    const { live, ...fields } = await client.hgetall(key);
    // The live index names the sessions (the second one expired, not found so yet).
    expect(live).toContain(sessionField(early.id));
    expect(live).toContain(sessionField(late.id));
    // The hash's TTL runs on the server clock, the deadlines on the manager's: compare on one.
    const keyDeadline = now + (await client.pttl(key));
    for (const raw of Object.values(fields)) {
      expect(keyDeadline).toBeGreaterThanOrEqual(
        (storedDeadline(raw) ?? Number.POSITIVE_INFINITY) - 1000,
      );
    }
    expect(Object.keys(fields)).toHaveLength(3);
    expect(keyDeadline - now).toBeGreaterThan(3 * 3600_000 - 5000);
    // And revoke-all still finds the slid session.
    await manager.revokeAllSessions(did);
    expect(await manager.getSession(early.token)).toBeNull();
    expect(await manager.listSessions(did)).toEqual([]);
  });
});
