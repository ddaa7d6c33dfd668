import { IoRedisStorage } from '@coatcheck/ioredis';
import { commandsPerOperation, formatCommandCounts } from '@coatcheck/redis-testing';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, freshPrefix, TOPOLOGIES } from './helpers.js';

describe.each(TOPOLOGIES)('%s: one client command per operation', (topology) => {
  let client: ReturnType<typeof connect>;
  beforeAll(() => {
    client = connect(topology);
  });
  afterAll(() => client.quit());

  it.each([1, 100])('for a user holding %i session(s), proved with MONITOR', async (held) => {
    const prefix = freshPrefix();
    const counts = await commandsPerOperation({
      storage: new IoRedisStorage(client, { keyPrefix: prefix }),
      prefix,
      ports: topology === 'standalone' ? [inject('standalonePort')] : inject('clusterPorts'),
      held,
      did: randomDid(),
      metadata,
    });
    console.log(`${topology}, ${held} held: ${formatCommandCounts(counts)}`);
    for (const [name, c] of Object.entries(counts)) {
      expect(c.client, name).toHaveLength(1);
      expect(['evalsha', 'eval'], name).toContain(c.client[0]);
      expect(c.lua, `${name}: the script did its work on the server`).toBeGreaterThan(0);
    }
    expect(Object.keys(counts)).toHaveLength(10);
  });
});
