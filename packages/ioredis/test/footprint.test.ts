import { once } from 'node:events';
import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Footprint, measureFootprint } from '../scripts/measure-footprint.js';

// Prints the memory a session takes (README, "Memory"); a measurement, not a pass/fail goal.
describe('memory footprint', () => {
  let server: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis({ host: '127.0.0.1', port: server.port });
    await once(client, 'ready');
  });
  afterAll(async () => {
    client.disconnect();
    await server.stop();
  });

  const report = (label: string, result: Footprint) =>
    console.log(
      `footprint (${label}): ${result.bytesPerSession} bytes per session (used_memory delta, ` +
        `${result.sessions} sessions, ${result.users} users); MEMORY USAGE of a user's hash: ` +
        `${result.hashBytesPerSession} B per session; ` +
        `record value ${result.recordValueLength} chars`,
    );

  it('10,000 sessions over 1,000 users, Chrome user agent', async () => {
    await client.flushall();
    const result = await measureFootprint(client);
    report('Chrome UA', result);
    // One key per user, and the layout's budget: at most 400 bytes per session, all included.
    expect(await client.dbsize()).toBe(result.users);
    expect(result.bytesPerSession).toBeLessThanOrEqual(400);
    expect(result.bytesPerSession).toBeGreaterThan(result.recordValueLength);
  });

  it('10,000 sessions over 1,000 users, a user agent of 111 random characters', async () => {
    await client.flushall();
    const userAgent = 'x'
      .repeat(111)
      .replace(/x/g, () => String.fromCharCode(97 + Math.floor(Math.random() * 26)));
    const result = await measureFootprint(client, { userAgent });
    report('uncommon UA', result);
    expect(await client.dbsize()).toBe(result.users);
    expect(result.recordValueLength).toBeGreaterThan(userAgent.length);
  });
});
