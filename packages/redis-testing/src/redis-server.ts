import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { rawCommand } from './resp.js';

/** A running `redis-server` on loopback. */
export interface RedisServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server (no save) and removes its data folder. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * Kills the server at once with `SIGKILL`, as a crash would (nothing flushed, no goodbye to
   * replicas or clients), and removes its data folder. Safe to call after {@link stop}.
   */
  kill(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface StartRedisOptions {
  /** A fixed port (to restart a stopped server in place); default: a free one. */
  readonly port?: number;
  /** Extra `redis-server` arguments, such as `['--cluster-enabled', 'yes']`. */
  readonly args?: readonly string[];
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The `redis-server` binary: `$REDIS_SERVER_BIN` or the one on `PATH`. */
function binary(): string {
  return process.env.REDIS_SERVER_BIN ?? 'redis-server';
}

async function waitForPing(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited early: ${output()}`);
    try {
      if ((await rawCommand(port, 'PING', 500)).startsWith('+PONG')) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`redis-server on ${port} did not answer PING: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function startOnce(port: number, args: readonly string[]): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'coatcheck-redis-'));
  const child = spawn(
    binary(),
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;
  const end = async (signal: 'SIGTERM' | 'SIGKILL'): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
    await rm(dir, { recursive: true, force: true });
  };
  const stop = (): Promise<void> => end('SIGTERM');
  try {
    await waitForPing(port, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    kill: () => end('SIGKILL'),
  };
}

/**
 * Starts a real `redis-server` on a free loopback port, without persistence, and resolves once
 * it answers PING.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * const client = new Redis(redis.port, redis.host);
 * // ...
 * await redis.stop();
 * ```
 */
export async function startRedisServer(options: StartRedisOptions = {}): Promise<RedisServer> {
  const args = options.args ?? [];
  if (options.port !== undefined) return startOnce(options.port, args);
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await startOnce(await freePort(), args);
    } catch (error) {
      lastError = error; // most likely another process took the port between probe and bind
    }
  }
  throw lastError;
}
