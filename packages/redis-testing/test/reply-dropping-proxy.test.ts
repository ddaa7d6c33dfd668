import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeCommand,
  type RedisServer,
  redisCommand,
  startRedisServer,
  startReplyDroppingProxy,
} from '../src/index.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});

/** Writes `bytes` on a new connection to `port` and collects what comes back until it closes. */
function exchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    const timer = setTimeout(() => reject(new Error('the proxy kept the connection open')), 5000);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', () => undefined);
  });
}

describe('startReplyDroppingProxy', () => {
  it('runs the matched command of a pipeline, drops its reply, cuts, and sends nothing after it', async () => {
    const proxy = await startReplyDroppingProxy({ targetPort: redis.port });
    try {
      const key = `drop:${Math.random()}`;
      proxy.dropNextReplyTo('incr');
      const pipeline = Buffer.concat([
        encodeCommand(['SET', `${key}:a`, '1']),
        encodeCommand(['INCR', `${key}:x`]),
        encodeCommand(['SET', `${key}:b`, '2']),
      ]);
      expect(await exchange(proxy.port, pipeline)).toBe('+OK\r\n');
      expect(await redisCommand(redis.port, 'GET', `${key}:a`)).toBe('1');
      expect(await redisCommand(redis.port, 'GET', `${key}:x`)).toBe('1'); // it ran
      expect(await redisCommand(redis.port, 'GET', `${key}:b`)).toBeNull(); // never sent
      expect(proxy.dropped()).toEqual([{ name: 'INCR', args: [`${key}:x`], connection: 1 }]);
      expect(proxy.commandCount()).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it('passes traffic through untouched when not armed, and stops dropping once disarmed', async () => {
    const proxy = await startReplyDroppingProxy({ targetPort: redis.port });
    const client = new Redis(proxy.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
    try {
      const key = `pass:${Math.random()}`;
      const pipeline = client.pipeline();
      for (let i = 0; i < 50; i++) pipeline.incr(key);
      const results = await pipeline.exec();
      expect(results?.map(([, value]) => value)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      proxy.dropNextReplyTo('GET');
      proxy.disarm();
      expect(await client.get(key)).toBe('50');
      expect(proxy.dropped()).toEqual([]);
      expect(proxy.connectionCount()).toBe(1);
    } finally {
      client.disconnect();
      await proxy.close();
    }
  });

  it('makes ioredis (RESP3) reconnect and run a script a second time', async () => {
    const proxy = await startReplyDroppingProxy({ targetPort: redis.port });
    const client = new Redis(proxy.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
    try {
      const key = `resend:${Math.random()}`;
      await client.ping();
      proxy.dropNextReplyTo({ includes: key });
      const result = await client.eval("return redis.call('incr', KEYS[1])", 1, key);
      expect(result).toBe(2); // the re-sent call saw the first run's write
      expect(await redisCommand(redis.port, 'GET', key)).toBe('2');
      expect(proxy.dropped().map((command) => command.name)).toEqual(['EVAL']);
      expect(proxy.connectionCount()).toBe(2);
      expect(proxy.commands().some((command) => command.name === 'HELLO')).toBe(true);
    } finally {
      client.disconnect();
      await proxy.close();
    }
  });

  it('drops as many replies as asked, one per connection, and close() ends every connection', async () => {
    const proxy = await startReplyDroppingProxy({ targetPort: redis.port });
    const key = `times:${Math.random()}`;
    proxy.dropNextReplyTo((command) => command.name === 'INCR' && command.args[0] === key, 2);
    expect(await exchange(proxy.port, encodeCommand(['INCR', key]))).toBe('');
    expect(await exchange(proxy.port, encodeCommand(['INCR', key]))).toBe('');
    expect(await redisCommand(proxy.port, 'INCR', key)).toBe(3); // the third passes
    expect(proxy.dropped()).toHaveLength(2);
    const socket = connect({ host: '127.0.0.1', port: proxy.port });
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write(encodeCommand(['PING']));
    await new Promise((resolve) => socket.once('data', resolve)); // the connection is up
    await proxy.close();
    await closed;
    await expect(redisCommand(proxy.port, 'PING')).rejects.toThrow();
  });
});
