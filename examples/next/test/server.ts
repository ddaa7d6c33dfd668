import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A server process of an example app, on a loopback port. */
export interface RunningApp {
  readonly url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts `command` (given the port) in the package directory and waits until it answers HTTP;
 * bounded, so that a server that never comes up fails the test instead of hanging it.
 */
export async function startApp(
  command: (port: number) => { file: string; args: string[]; env?: Record<string, string> },
): Promise<RunningApp> {
  const port = await freePort();
  const { file, args, env } = command(port);
  const child: ChildProcess = spawn(file, args, {
    cwd: new URL('..', import.meta.url),
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/login`);
      return { url, stop };
    } catch (error) {
      if (attempt >= 400) {
        await stop();
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
