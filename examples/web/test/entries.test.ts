import { readFile } from 'node:fs/promises';
import { type ServerProcess, startWorkerd } from '@coatcheck/framework-tests';
import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import { startUpstashDevServer, type UpstashDevServer } from '@coatcheck/upstash-dev-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD_HINTS } from '../src/accounts.js';
import { FormClient, type RunningEntry, startEntry } from './processes.js';

// The built entries as a person starts them: storage chosen from the environment, the backend
// and URL printed, demo accounts signing in. Each run uses its own key prefix.

const LAPTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let redis: RedisServer;
let upstash: UpstashDevServer;
let entry: RunningEntry | undefined;

beforeAll(async () => {
  redis = await startRedisServer();
  upstash = await startUpstashDevServer({
    redisUrl: redis.url,
    token: `token-${crypto.randomUUID()}`,
  });
});
afterAll(async () => {
  await upstash?.stop();
  await redis?.stop();
});
afterEach(async () => {
  await entry?.stop();
  entry = undefined;
});

/** Bob signs in on two devices; the laptop signs the phone out; the phone is refused. */
async function twoDevices(url: string): Promise<void> {
  const laptop = new FormClient(url, LAPTOP);
  const phone = new FormClient(url, PHONE);
  await laptop.signIn('bob', DEMO_PASSWORD_HINTS.bob!);
  await phone.signIn('bob', DEMO_PASSWORD_HINTS.bob!);
  const page = await (await laptop.request('/devices')).text();
  expect(page.match(/<li data-current=/g)).toHaveLength(2);
  expect(page).toContain('Safari 17 on iOS 17.5');
  const id = /name="device" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const revoked = await laptop.request('/devices/revoke', { device: id });
  expect(revoked.headers.get('location')).toBe('/devices?notice=device-revoked');
  const refused = await phone.request('/devices');
  expect(refused.headers.get('location')).toBe('/sign-in?notice=ended');
  expect((await laptop.request('/devices')).status).toBe(200);
}

describe('the Node entry (dist/node.js)', () => {
  it('defaults to memory and prints the backend and URL', async () => {
    entry = await startEntry('node', {});
    expect(entry.output()).toContain('sessions in memory');
    await twoDevices(entry.url);
  });

  it.each([
    { client: 'node-redis', env: {} },
    { client: 'ioredis', env: { REDIS_CLIENT: 'ioredis' } },
  ])('uses Redis through $client when REDIS_URL is set ($env)', async ({ client, env }) => {
    const prefix = `entry-${crypto.randomUUID()}:`;
    entry = await startEntry('node', {
      REDIS_URL: redis.url,
      COATCHECK_KEY_PREFIX: prefix,
      ...env,
    });
    expect(entry.output()).toContain(`sessions in Redis via ${client} (${redis.url})`);
    await twoDevices(entry.url);
    // The sessions really are in that Redis, under that prefix.
    const keys = await fetch(upstash.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${upstash.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(['keys', `${prefix}*`]),
    }).then((response) => response.json() as Promise<{ result: string[] }>);
    expect(keys.result.length).toBeGreaterThan(0);
  });

  it('refuses an unknown REDIS_CLIENT', async () => {
    await expect(
      startEntry('node', { REDIS_URL: redis.url, REDIS_CLIENT: 'redis-py' }),
    ).rejects.toThrow(/REDIS_CLIENT: "redis-py" is neither node-redis nor ioredis/);
  });

  it('uses UpstashStorage when the Upstash REST variables are set', async () => {
    entry = await startEntry('node', {
      UPSTASH_REDIS_REST_URL: upstash.url,
      UPSTASH_REDIS_REST_TOKEN: upstash.token,
      COATCHECK_KEY_PREFIX: `entry-${crypto.randomUUID()}:`,
    });
    expect(entry.output()).toContain(`sessions in Upstash Redis REST (${upstash.url})`);
    expect(entry.output()).not.toContain(upstash.token);
    upstash.resetCount();
    await twoDevices(entry.url);
    expect(upstash.requestCount()).toBeGreaterThan(0);
  });

  it('refuses half an Upstash configuration', async () => {
    await expect(startEntry('node', { UPSTASH_REDIS_REST_URL: upstash.url })).rejects.toThrow(
      /set both UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN/,
    );
  });
});

describe('the edge entry (dist/edge-dev.js running dist/edge-worker.js)', () => {
  it('serves the same app from the edge runtime with sessions in Upstash', async () => {
    entry = await startEntry('edge-dev', {
      REDIS_URL: redis.url,
      COATCHECK_KEY_PREFIX: `edge-${crypto.randomUUID()}:`,
    });
    expect(entry.output()).toContain('(edge runtime): sessions in Upstash REST');
    const page = await (await fetch(`${entry.url}/sign-in`)).text();
    expect(page).toContain('edge runtime</strong>');
    await twoDevices(entry.url);
  });
});

describe('the edge entry inside workerd (dist/edge-worker.js as a service worker)', () => {
  let workerd: ServerProcess | undefined;
  afterEach(() => workerd?.stop());

  it('serves the same app from Cloudflare’s runtime with sessions in Upstash', async () => {
    const code = await readFile(new URL('../dist/edge-worker.js', import.meta.url), 'utf8');
    workerd = await startWorkerd({
      code,
      format: 'service-worker',
      // A service worker sees its bindings as globals: the entry reads COATCHECK_ENV.
      bindings: {
        COATCHECK_ENV: {
          UPSTASH_REDIS_REST_URL: upstash.url,
          UPSTASH_REDIS_REST_TOKEN: upstash.token,
          APP_SECRET: `secret-${crypto.randomUUID()}`,
          COATCHECK_KEY_PREFIX: `workerd-${crypto.randomUUID()}:`,
        },
      },
    });
    const page = await (await fetch(`${workerd.url}/sign-in`)).text();
    expect(page).toContain('edge runtime</strong>');
    await twoDevices(workerd.url);
  });
});
