import { afterEach, describe, expect, it } from 'vitest';
import {
  type RedisReplica,
  type RedisServer,
  RespConnection,
  readInfo,
  redisCommand,
  startRedisReplica,
  startRedisServer,
} from '../src/index.js';

let primary: RedisServer;
let replica: RedisReplica;
afterEach(async () => {
  await replica?.stop();
  await primary?.stop();
});

let client: RespConnection;
afterEach(() => client?.close());

/** A primary, its replica, and `client` on the primary (WAIT counts only its own writes). */
async function pair(linkDelayMs = 0): Promise<void> {
  primary = await startRedisServer();
  replica = await startRedisReplica(primary, { linkDelayMs });
  client = await RespConnection.open(primary.port);
}

describe('startRedisReplica', () => {
  it('links a replica that copies the primary and counts for WAIT', async () => {
    await pair();
    expect((await readInfo(replica.port, 'replication')).get('master_link_status')).toBe('up');
    await client.send('SET', 'k', 'v');
    expect(await client.send('WAIT', 1, 5000)).toBe(1);
    expect(await redisCommand(replica.port, 'GET', 'k')).toBe('v');
  });

  it('loses writes acknowledged while replication was held when the primary dies', async () => {
    await pair();
    await client.send('SET', 'before', '1');
    await replica.waitForSync();
    replica.holdReplication();
    expect(await client.send('SET', 'revoked', '1')).toBe('OK');
    expect(await client.send('WAIT', 1, 100)).toBe(0); // no replica holds it
    await primary.kill();
    await replica.promote();
    expect((await readInfo(replica.port, 'replication')).get('role')).toBe('master');
    expect(await redisCommand(replica.port, 'GET', 'before')).toBe('1');
    expect(await redisCommand(replica.port, 'GET', 'revoked')).toBeNull(); // lost
    expect(await redisCommand(replica.port, 'SET', 'after', '1')).toBe('OK'); // writable now
  });

  it('keeps writes that WAIT confirmed, even over a slow link', async () => {
    await pair(20);
    await client.send('SET', 'revoked', '1');
    expect(await client.send('WAIT', 1, 5000)).toBe(1);
    replica.holdReplication(); // too late: the replica already has it
    await primary.kill();
    await replica.promote();
    expect(await redisCommand(replica.port, 'GET', 'revoked')).toBe('1');
  });

  it('delays the stream: a write still in flight is lost when the replica is promoted', async () => {
    await pair();
    replica.setLinkDelay(10_000); // far longer than the test takes: the write stays in flight
    expect(await client.send('SET', 'in-flight', '1')).toBe('OK');
    expect(await client.send('WAIT', 1, 100)).toBe(0);
    await primary.kill();
    await replica.promote();
    expect(await redisCommand(replica.port, 'GET', 'in-flight')).toBeNull();
  });

  it('delivers held writes on resume', async () => {
    await pair();
    replica.holdReplication();
    await client.send('SET', 'held', '1');
    expect(await redisCommand(replica.port, 'GET', 'held')).toBeNull();
    replica.resumeReplication();
    await replica.waitForSync();
    expect(await redisCommand(replica.port, 'GET', 'held')).toBe('1');
  });

  it('gives WAIT no replica once the replica is killed', async () => {
    await pair();
    await replica.kill();
    await client.send('SET', 'k', 'v');
    expect(await client.send('WAIT', 1, 100)).toBe(0);
    await expect(redisCommand(replica.port, 'PING')).rejects.toThrow();
  });
});
