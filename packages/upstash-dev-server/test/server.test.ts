import { createHash, randomUUID } from 'node:crypto';
import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import { Redis } from '@upstash/redis';
import { Redis as IoRedis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startUpstashDevServer, type UpstashDevServer } from '../src/index.js';

const TOKEN = 'test-token';
let redisServer: RedisServer;
let server: UpstashDevServer;
let key: (name: string) => string;

function client(
  options: { token?: string; autoPipelining?: boolean; base64?: boolean } = {},
): Redis {
  return new Redis({
    url: server.url,
    token: options.token ?? TOKEN,
    retry: false,
    enableTelemetry: false,
    enableAutoPipelining: options.autoPipelining ?? false,
    ...(options.base64 === false ? { responseEncoding: false } : {}),
  });
}

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

beforeAll(async () => {
  redisServer = await startRedisServer();
  server = await startUpstashDevServer({ redisUrl: redisServer.url, token: TOKEN });
});

afterAll(async () => {
  await server?.stop();
  await redisServer?.stop();
});

beforeEach(() => {
  const prefix = `t:${randomUUID()}:`;
  key = (name) => prefix + name;
  server.resetCount();
});

describe('with the @upstash/redis client', () => {
  it('sets and gets, numbers arriving as JSON numbers', async () => {
    const redis = client();
    expect(await redis.set(key('a'), 'hello', { px: 60_000 })).toBe('OK');
    expect(await redis.get(key('a'))).toBe('hello');
    expect(await redis.pttl(key('a'))).toBeGreaterThan(50_000);
    expect(await redis.incrby(key('n'), 5)).toBe(5);
    expect(await redis.get(key('missing'))).toBeNull();
    expect(server.requestCount()).toBe(5);
  });

  it('keeps non-ASCII and JSON-looking strings intact through base64', async () => {
    const redis = client();
    const value = 'Grüße 🚀 "quoted"';
    await redis.set(key('u'), value);
    expect(await redis.get(key('u'))).toBe(value);
    const raw = await post('/', JSON.stringify(['get', key('u')]), {
      'upstash-encoding': 'base64',
    });
    expect(raw.body).toEqual({ result: Buffer.from(value).toString('base64') });
  });

  it('runs EVAL and EVALSHA and passes NOSCRIPT through unchanged', async () => {
    const redis = client();
    const script = 'return {KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1}';
    expect(await redis.eval(script, [key('k')], ['x', 41])).toEqual([key('k'), 'x', 42]);
    const sha = await redis.scriptLoad(script);
    expect(await redis.evalsha(sha, [key('k')], ['y', 1])).toEqual([key('k'), 'y', 2]);
    await expect(redis.evalsha('0'.repeat(40), [], [])).rejects.toThrow(
      /^NOSCRIPT No matching script/,
    );
  });

  it('serves createScript().exec, which falls back to EVAL on NOSCRIPT', async () => {
    const redis = client();
    await redis.scriptFlush();
    server.resetCount();
    const script = redis.createScript<string>('return ARGV[1]');
    expect(await script.exec([], ['first'])).toBe('first');
    expect(server.requests().map((r) => r.commands)).toEqual([['evalsha'], ['eval']]);
    expect(await script.exec([], ['second'])).toBe('second');
    expect(server.requestCount()).toBe(3);
  });

  it('answers a pipeline with one entry per command, errors in place', async () => {
    const redis = client();
    const pipeline = redis.pipeline();
    pipeline.set(key('p'), 'v');
    pipeline.incr(key('p'));
    pipeline.get(key('p'));
    const results = await pipeline.exec({ keepErrors: true });
    expect(results.map((r) => r.error ?? r.result)).toEqual([
      'OK',
      'ERR value is not an integer or out of range',
      'v',
    ]);
    expect(server.requests()).toEqual([
      { path: '/pipeline', commands: ['set', 'incr', 'get'], status: 200 },
    ]);
  });

  it('runs /multi-exec in MULTI/EXEC', async () => {
    const redis = client();
    const tx = redis.multi();
    tx.incr(key('m'));
    tx.incr(key('m'));
    tx.get(key('m'));
    expect(await tx.exec()).toEqual([1, 2, 2]);
    expect(server.requests()[0]?.path).toBe('/multi-exec');
    const { status, body } = await post(
      '/multi-exec',
      JSON.stringify([['incr', key('m')], ['nosuchcommand']]),
    );
    // Rejected while queued: the whole transaction is discarded, Redis's text passed through.
    expect(status).toBe(400);
    expect(body).toEqual({ error: expect.stringMatching(/^EXECABORT/) });
    expect(await redis.get(key('m'))).toBe(2);
  });

  it('serves auto-pipelining: concurrent commands share one /pipeline request', async () => {
    const redis = client({ autoPipelining: true });
    // The client batches reads and writes apart, so the writes go in one request.
    const results = await Promise.all([
      redis.set(key('x'), '1'),
      redis.incr(key('x')),
      redis.incrby(key('x'), 40),
    ]);
    expect(results).toEqual(['OK', 2, 42]);
    expect(server.requests()).toEqual([
      { path: '/pipeline', commands: ['set', 'incr', 'incrby'], status: 200 },
    ]);
    expect(await redis.get(key('x'))).toBe(42);
  });

  it('serves plain text replies when the client does not ask for base64', async () => {
    const redis = client({ base64: false });
    await redis.set(key('plain'), 'é');
    expect(await redis.get(key('plain'))).toBe('é');
    const raw = await post('/', JSON.stringify(['get', key('plain')]));
    expect(raw.body).toEqual({ result: 'é' });
  });

  it('rejects a wrong token with 401 Unauthorized', async () => {
    await expect(client({ token: 'wrong' }).get(key('a'))).rejects.toThrow(/^Unauthorized/);
    const res = await fetch(server.url, { method: 'POST', body: '["ping"]' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Unauthorized' });
    expect(server.requestCount()).toBe(2);
  });
});

describe('protocol edges', () => {
  it('answers Redis errors 400 with the text unchanged', async () => {
    await post('/', JSON.stringify(['set', key('s'), 'v']));
    expect(await post('/', JSON.stringify(['lpush', key('s'), 'x']))).toEqual({
      status: 400,
      body: { error: 'WRONGTYPE Operation against a key holding the wrong kind of value' },
    });
  });

  it('answers 400 for bodies that are not commands, 404 and 405 for other routes', async () => {
    expect((await post('/', 'not json')).status).toBe(400);
    expect((await post('/', '[]')).status).toBe(400);
    expect((await post('/pipeline', '["get","k"]')).status).toBe(400);
    expect((await post('/', '["select","1"]')).status).toBe(400);
    expect((await post('/get/k', '')).status).toBe(404);
    const res = await fetch(server.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(405);
    expect(server.requestCount()).toBe(6);
  });

  it('counts requests until reset', async () => {
    await post('/', '["ping"]');
    await post('/pipeline', '[["ping"],["ping"]]');
    expect(server.requestCount()).toBe(2);
    server.resetCount();
    expect(server.requestCount()).toBe(0);
    expect(server.requests()).toEqual([]);
  });
});

describe('when Redis goes away', () => {
  it('refuses to start without a reachable Redis', async () => {
    const gone = await startRedisServer();
    await gone.stop();
    await expect(startUpstashDevServer({ redisUrl: gone.url, token: TOKEN })).rejects.toThrow(
      /cannot reach Redis/,
    );
  });

  it('answers 500 instead of hanging, and reports the outage once', async () => {
    const ownRedis = await startRedisServer();
    const lines: string[] = [];
    const own = await startUpstashDevServer({
      redisUrl: ownRedis.url,
      token: TOKEN,
      log: (line) => lines.push(line),
    });
    try {
      await ownRedis.stop();
      const res = await fetch(own.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
        body: '["ping"]',
      });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: expect.stringMatching(/^ERR upstash-dev-server/) });
      expect(lines.filter((line) => line.includes('Redis error')).length).toBeGreaterThan(0);
    } finally {
      await own.stop();
      await ownRedis.stop();
    }
  });
});

describe('scripts with flags only Upstash knows', () => {
  it('runs scripts with Upstash-only flags (Redis 7 alone refuses them) and keeps EVALSHA of the sent script working', async () => {
    const lua = "#!lua flags=allow-key-locking\nreturn redis.call('incr', KEYS[1])";
    const direct = new IoRedis(redisServer.url);
    try {
      await expect(direct.eval(lua, 1, 'k')).rejects.toThrow(/Unexpected flag/);
    } finally {
      direct.disconnect();
    }
    const upstash = client();
    const sha = createHash('sha1').update(lua).digest('hex');
    await expect(upstash.evalsha(sha, ['flags:k'], [])).rejects.toThrow(/NOSCRIPT/);
    expect(await upstash.eval(lua, ['flags:k'], [])).toBe(1);
    expect(await upstash.evalsha(sha, ['flags:k'], [])).toBe(2);
    expect(await upstash.scriptLoad(lua)).toMatch(/^[0-9a-f]{40}$/);
    expect(await upstash.evalsha(sha, ['flags:k'], [])).toBe(3);
  });
});
