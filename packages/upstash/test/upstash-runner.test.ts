import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '@coatcheck/core';
import type { RedisScript } from '@coatcheck/redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BATCH_CHARS } from '../src/pipeline-batcher.js';
import { createUpstashRunner } from '../src/upstash-runner.js';
import { type Backend, freshPrefix, startBackend } from './support/backend.js';

function script(lua: string, numberOfKeys: number): RedisScript {
  const sha1 = createHash('sha1').update(lua).digest('hex');
  return { name: 'get', variant: 'upstash', script: lua, sha1, numberOfKeys };
}

const ECHO = script('return ARGV', 0);
const INCR = script("return redis.call('incr', KEYS[1])", 1);

// Strings the client's automatic JSON deserialization would turn into numbers, booleans,
// null, arrays or objects, or unquote.
const TRICKY = ['123', '1e3', '-0', 'true', 'null', '["a"]', '{"a":1}', '"quoted"', ' 7', 'é🚀'];

let backend: Backend;

beforeAll(async () => {
  backend = await startBackend();
});

afterAll(async () => {
  await backend?.stop();
});

beforeEach(async () => {
  await backend.io.script('LOAD', ECHO.script);
  await backend.io.script('LOAD', INCR.script);
  backend.rest.resetCount();
});

describe.each([
  { autoPipelining: true, automaticDeserialization: true },
  { autoPipelining: false, automaticDeserialization: false },
])('createUpstashRunner (%o)', (clientOptions) => {
  it('returns string replies exactly as Redis sent them, in one request', async () => {
    const run = createUpstashRunner(backend.upstash(clientOptions));
    expect(await run(ECHO, [], TRICKY)).toEqual(TRICKY);
    expect(await run(ECHO, [], [42, 'x'])).toEqual(['42', 'x']);
    expect(backend.rest.requests().map((r) => r.commands)).toEqual([['evalsha'], ['evalsha']]);
  });

  it('falls back to EVAL once after NOSCRIPT, then uses EVALSHA again', async () => {
    const run = createUpstashRunner(backend.upstash(clientOptions));
    await backend.io.script('FLUSH');
    expect(await run(ECHO, [], ['a'])).toEqual(['a']);
    expect(await run(ECHO, [], ['b'])).toEqual(['b']);
    expect(backend.rest.requests().map((r) => r.commands)).toEqual([
      ['evalsha'],
      ['eval'],
      ['evalsha'],
    ]);
  });
});

describe('createUpstashRunner batches', () => {
  it('starts a new request before the command text would pass its bound', async () => {
    const run = createUpstashRunner(backend.upstash());
    const big = 'x'.repeat(Math.floor(MAX_BATCH_CHARS * 0.4));
    const replies = await Promise.all([
      run(ECHO, [], [big]),
      run(ECHO, [], [big]),
      run(ECHO, [], [big]),
    ]);
    expect(replies.map((r) => (r as string[])[0]?.length)).toEqual([
      big.length,
      big.length,
      big.length,
    ]);
    expect(backend.rest.requests().map((r) => r.commands.length)).toEqual([2, 1]);
  });
});

describe('createUpstashRunner errors', () => {
  it('never retries an error other than NOSCRIPT, even one quoting NOSCRIPT', async () => {
    const run = createUpstashRunner(backend.upstash());
    const key = `${freshPrefix()}k`;
    await backend.io.set(key, 'not a number');
    await expect(run(INCR, [key], ['NOSCRIPT'])).rejects.toThrow(/not an integer/);
    expect(backend.rest.requestCount()).toBe(1);
  });

  it('drops the quoted command (keys, arguments) from the error and its stack', async () => {
    const run = createUpstashRunner(backend.upstash());
    const key = `${freshPrefix()}secret-key`;
    await backend.io.set(key, 'x');
    const error = (await run(INCR, [key], ['secret-argument']).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^ERR /);
    for (const text of [error.message, error.stack ?? '']) {
      expect(text).not.toContain('secret-key');
      expect(text).not.toContain('secret-argument');
    }
  });

  it('refuses a client that is not from @upstash/redis', () => {
    expect(() => createUpstashRunner({} as never)).toThrow(InvalidArgumentError);
    expect(() => createUpstashRunner(null as never)).toThrow(InvalidArgumentError);
  });
});
