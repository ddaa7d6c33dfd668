import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A server process on a loopback port. */
export interface ServerProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/** What to run: the executable, its arguments (given the port), where and with what env. */
export interface ServerCommand {
  readonly file: string;
  readonly args: (port: number) => readonly string[];
  readonly cwd: string | URL;
  readonly env?: (port: number) => Readonly<Record<string, string>>;
  /** A path that answers once the server is up. @defaultValue `'/'` */
  readonly readyPath?: string;
}

/** A loopback port that was free a moment ago, for servers that cannot report the one they got. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts a server process on a free loopback port and waits until it answers HTTP; bounded
 * (20 s), so that a server that never comes up fails the test instead of hanging it.
 */
export async function startServerProcess(command: ServerCommand): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(command.file, [...command.args(port)], {
    cwd: command.cwd,
    env: { ...process.env, ...command.env?.(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${command.file} exited with ${child.exitCode}`);
    try {
      await fetch(`${url}${command.readyPath ?? '/'}`, { redirect: 'manual' });
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
