import { type Did, didBucket, generateSessionId } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, freshPrefix, masterClients } from './helpers.js';

describe('cluster: key distribution', () => {
  let cluster: Cluster;
  beforeAll(() => {
    cluster = connect('cluster') as Cluster;
  });
  afterAll(() => cluster.quit());

  it("each session id of a user names the user's one key", () => {
    const storage = new IoRedisStorage(cluster, { keyPrefix: freshPrefix() });
    for (let i = 0; i < 50; i++) {
      const did: Did = randomDid();
      expect(storage.keys.bucket(generateSessionId(didBucket(did)))).toBe(storage.keys.user(did));
    }
  });

  it('many users spread over all three masters', async () => {
    const prefix = freshPrefix();
    const storage = new IoRedisStorage(cluster, { keyPrefix: prefix });
    const now = Date.now();
    for (let i = 0; i < 300; i++) {
      const did: Did = randomDid();
      const meta = metadata();
      await storage.create(
        {
          id: generateSessionId(didBucket(did)),
          did,
          createdAt: now,
          expiresAt: now + 60_000,
          lastActivity: now,
          ipAddress: meta.ipAddress,
          userAgent: meta.userAgent,
          scope: meta.scope ?? [],
        },
        'AAAAAAAAAAAAAAAAAAAAAA',
        { now, logger: console, maxSessions: 5, retentionMs: 1000 },
      );
    }
    const perMaster: number[] = [];
    for (const master of masterClients('cluster')) {
      let count = 0;
      let cursor = '0';
      do {
        const [next, keys] = await master.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        count += keys.length;
      } while (cursor !== '0');
      perMaster.push(count);
      master.disconnect();
    }
    console.log(`keys per master for 300 users: ${perMaster.join(', ')}`);
    expect(perMaster).toHaveLength(3);
    for (const count of perMaster) expect(count).toBeGreaterThan(60);
    // One key per user: the hash of the user's bucket.
    expect(perMaster.reduce((a, b) => a + b, 0)).toBe(300);
  });
});
