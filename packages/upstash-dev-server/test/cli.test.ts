import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import { Redis } from '@upstash/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// The built bin, as `pnpm exec upstash-dev-server` runs it (turbo builds before testing).
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let redisServer: RedisServer;
let child: ChildProcess | undefined;

function run(args: string[]): { proc: ChildProcess; exited: Promise<unknown[]> } {
  const { UPSTASH_REDIS_REST_TOKEN: _token, REDIS_URL: _url, ...env } = process.env;
  const proc = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  // Listen at once: the process may exit before the test reads its output.
  return { proc, exited: once(proc, 'exit') };
}

async function output(stream: NodeJS.ReadableStream, until: RegExp): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += String(chunk);
    if (until.test(text)) break;
  }
  return text;
}

beforeAll(async () => {
  redisServer = await startRedisServer();
});

afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  await redisServer?.stop();
});

describe('upstash-dev-server bin', () => {
  it('serves the given Redis until SIGTERM', async () => {
    const { proc, exited } = run([
      '--port',
      '0',
      '--redis-url',
      redisServer.url,
      '--token',
      'cli-token',
    ]);
    const text = await output(proc.stdout!, /UPSTASH_REDIS_REST_URL=(\S+)/);
    const url = /UPSTASH_REDIS_REST_URL=(\S+)/.exec(text)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const redis = new Redis({
      url: url!,
      token: 'cli-token',
      retry: false,
      enableTelemetry: false,
    });
    expect(await redis.ping()).toBe('PONG');
    proc.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it('exits 1 with a message when no token is given', async () => {
    const { proc, exited } = run(['--port', '0', '--redis-url', redisServer.url]);
    const text = await output(proc.stderr!, /Usage/);
    const [code] = await exited;
    expect(code).toBe(1);
    expect(text).toMatch(/a token is required/);
  });
});
