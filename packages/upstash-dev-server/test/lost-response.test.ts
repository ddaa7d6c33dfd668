import { randomUUID } from 'node:crypto';
import {
  type HttpReplyDroppingProxy,
  type RedisServer,
  redisCommand,
  startHttpReplyDroppingProxy,
  startRedisServer,
} from '@coatcheck/redis-testing';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstashDevServer, type UpstashDevServer } from '../src/index.js';

// The fault the upstash adapter's tests inject: a response lost after the command ran.
const TOKEN = 'test-token';
let redisServer: RedisServer;
let server: UpstashDevServer;
let proxy: HttpReplyDroppingProxy;

beforeAll(async () => {
  redisServer = await startRedisServer();
  server = await startUpstashDevServer({ redisUrl: redisServer.url, token: TOKEN });
  proxy = await startHttpReplyDroppingProxy({ targetUrl: server.url });
});

afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  await redisServer?.stop();
});

function client(retries: number): Redis {
  return new Redis({
    url: proxy.url,
    token: TOKEN,
    retry: { retries, backoff: () => 0 },
    enableTelemetry: false,
  });
}

describe('a response lost in front of the dev server', () => {
  it('makes @upstash/redis send a script again, which then runs twice', async () => {
    const key = `lost:${randomUUID()}`;
    const redis = client(1);
    const script = redis.createScript<number>("return redis.call('incr', KEYS[1])");
    // EVALSHA first gets NOSCRIPT; drop the response to the EVAL that follows, which ran.
    proxy.dropNextResponseTo(({ body }) => body.includes(key) && body.includes('"eval"'));
    expect(await script.exec([key], [])).toBe(2);
    expect(await redisCommand(redisServer.port, 'GET', key)).toBe('2');
    expect(proxy.dropped()).toHaveLength(1);
  });

  it('surfaces the network error when the client does not retry', async () => {
    const key = `lost:${randomUUID()}`;
    proxy.dropNextResponseTo({ includes: key });
    await expect(client(0).incr(key)).rejects.toThrow();
    expect(await redisCommand(redisServer.port, 'GET', key)).toBe('1'); // it ran anyway
  });
});
