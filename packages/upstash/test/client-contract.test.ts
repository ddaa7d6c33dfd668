// What the adapter relies on in `@upstash/redis` beyond its documented API (see
// src/client-requester.ts): the protected `client` field and the shape of what it answers.
// A client release that changes any of it fails here first, with a name that says what moved.

import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RedisScript } from '@coatcheck/redis';
import { Redis } from '@upstash/redis';
import { Redis as CloudflareRedis } from '@upstash/redis/cloudflare';
import { Redis as FastlyRedis } from '@upstash/redis/fastly';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requesterOf } from '../src/client-requester.js';
import { createUpstashRunner } from '../src/upstash-runner.js';
import { type Backend, freshPrefix, startBackend } from './support/backend.js';
import { type FakeServer, startFakeServer } from './support/fake-server.js';

const lua = 'return ARGV[1]';
const ECHO: RedisScript = {
  name: 'get',
  script: lua,
  sha1: createHash('sha1').update(lua).digest('hex'),
  numberOfKeys: 0,
  variant: 'upstash',
};

let backend: Backend;
let fake: FakeServer | undefined;

beforeAll(async () => {
  backend = await startBackend();
  await backend.io.script('LOAD', ECHO.script);
});

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

afterAll(async () => {
  await backend?.stop();
});

/** A fake server answering each pipeline with `[{ result: 7 }]`, recording request headers. */
async function recordingServer(options: { dropFirst?: boolean; syncToken?: string } = {}) {
  const seen: IncomingHttpHeaders[] = [];
  fake = await startFakeServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    // A connection reset before any reply: the network error the client's retries are for.
    if (options.dropFirst && seen.length === 1) return req.socket.destroy();
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.syncToken) headers['upstash-sync-token'] = options.syncToken;
    res.writeHead(200, headers);
    res.end('[{"result":7}]');
  });
  return { url: fake.url, seen };
}

describe('@upstash/redis as the adapter uses it', () => {
  const config = () => ({
    url: backend.rest.url,
    token: backend.rest.token,
    retry: false as const,
  });

  it.each([
    ['@upstash/redis', () => new Redis(config())],
    ['@upstash/redis/cloudflare', () => new CloudflareRedis(config())],
    ['@upstash/redis/fastly', () => new FastlyRedis({ ...config(), backend: 'upstash' })],
  ] as const)(
    'a client from %s holds its Requester in the protected `client` field',
    async (_, make) => {
      const client = make() as unknown as Redis;
      expect(typeof requesterOf(client).request).toBe('function');
      expect(await createUpstashRunner(client)(ECHO, [], ['x'])).toBe('x');
    },
  );

  it('answers a /pipeline request with one raw entry per command: base64 decoded, not JSON-parsed', async () => {
    // automaticDeserialization is on (the default): the Requester is below it.
    const requester = requesterOf(backend.upstash());
    const key = `${freshPrefix()}k`;
    await backend.io.set(key, 'not a number');
    const replies = await requester.request({
      path: ['pipeline'],
      body: [
        ['echo', '"quoted"'],
        ['echo', '123'],
        ['incr', key],
        ['echo', 'null'],
      ],
    });
    expect(replies).toEqual([
      { result: '"quoted"' },
      { result: '123' },
      { result: undefined, error: expect.stringMatching(/^ERR .*not an integer/) },
      { result: 'null' },
    ]);
  });

  it('passes the requests through middleware added with use(), before or after the storage', async () => {
    const client = backend.upstash();
    const paths: string[] = [];
    client.use((req, next) => {
      paths.push(`before ${req.path?.join('/')}`);
      return next(req);
    });
    const run = createUpstashRunner(client);
    client.use((req, next) => {
      paths.push(`after ${req.path?.join('/')}`);
      return next(req);
    });
    await run(ECHO, [], ['x']);
    expect(paths).toEqual(['after pipeline', 'before pipeline']);
  });

  it('sends the bearer token and asks for base64 replies, as for its own commands', async () => {
    const { url, seen } = await recordingServer();
    const run = createUpstashRunner(new Redis({ url, token: 'secret-token', retry: false }));
    expect(await run(ECHO, [], ['x'])).toBe(7);
    expect(seen[0]).toMatchObject({
      authorization: 'Bearer secret-token',
      'upstash-encoding': 'base64',
    });
  });

  it("retries a lost connection as the client's retry setting says, and only then", async () => {
    const retried = await recordingServer({ dropFirst: true });
    const retry = { retries: 1, backoff: () => 0 };
    const run = createUpstashRunner(new Redis({ url: retried.url, token: 't', retry }));
    expect(await run(ECHO, [], ['x'])).toBe(7);
    expect(retried.seen).toHaveLength(2);
    await fake?.close();

    const once = await recordingServer({ dropFirst: true });
    const noRetry = new Redis({ url: once.url, token: 't', retry: { retries: 0 } });
    await expect(createUpstashRunner(noRetry)(ECHO, [], ['x'])).rejects.toThrow(/fetch failed/);
    expect(once.seen).toHaveLength(1);
  });

  it('keeps the read-your-writes token of a reply and sends it with the next request', async () => {
    const { url, seen } = await recordingServer({ syncToken: 'sync-1' });
    const client = new Redis({ url, token: 't', retry: false });
    const run = createUpstashRunner(client);
    await run(ECHO, [], ['x']);
    expect(client.readYourWritesSyncToken).toBe('sync-1');
    await run(ECHO, [], ['x']);
    expect(seen[1]?.['upstash-sync-token']).toBe('sync-1');
  });

  it('works over a client made from a custom Requester, its documented extension point', async () => {
    const bodies: unknown[] = [];
    const client = new Redis({
      request: async (req) => {
        bodies.push({ path: req.path, body: req.body });
        return [{ result: 'one' }, { error: 'ERR two' }] as never;
      },
    });
    const run = createUpstashRunner(client);
    const results = await Promise.allSettled([run(ECHO, [], ['1']), run(ECHO, [], ['2'])]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 'one' },
      { status: 'rejected', reason: expect.objectContaining({ message: 'ERR two' }) },
    ]);
    expect(bodies).toEqual([
      {
        path: ['pipeline'],
        body: [
          ['evalsha', ECHO.sha1, '0', '1'],
          ['evalsha', ECHO.sha1, '0', '2'],
        ],
      },
    ]);
  });
});
