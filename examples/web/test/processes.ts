import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A built entry of the example running as its own process. */
export interface RunningEntry {
  /** Base URL it printed, on 127.0.0.1. */
  readonly url: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<number | null>;
}

/**
 * Starts `dist/<entry>.js` with `env` on a free port and resolves once it prints its URL.
 * The entries are built by the package's `build` (turbo builds before testing).
 */
export function startEntry(
  entry: 'node' | 'edge-dev',
  env: Record<string, string>,
): Promise<RunningEntry> {
  const script = fileURLToPath(new URL(`../dist/${entry}.js`, import.meta.url));
  if (!existsSync(script))
    throw new Error(`dist/${entry}.js is missing: run the package's build first`);
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} printed no URL:\n${output}`)),
      20_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${match[1]}`,
        output: () => output,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${output}`));
    });
  });
}

/** A client with one cookie jar, speaking to the app like a browser's forms do. */
export class FormClient {
  #cookie = '';
  constructor(
    readonly url: string,
    readonly userAgent: string,
  ) {}

  get cookie(): string {
    return this.#cookie;
  }

  async request(path: string, form?: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent };
    if (this.#cookie) headers.cookie = this.#cookie;
    const init: RequestInit = { headers, redirect: 'manual' };
    if (form) {
      init.method = 'POST';
      headers.origin = this.url;
      headers['content-type'] = 'application/x-www-form-urlencoded';
      init.body = new URLSearchParams(form).toString();
    }
    const response = await fetch(`${this.url}${path}`, init);
    for (const header of response.headers.getSetCookie()) {
      const pair = header.split(';')[0] ?? '';
      this.#cookie = /Max-Age=0/.test(header) ? '' : pair;
    }
    return response;
  }

  async signIn(username: string, password: string): Promise<void> {
    const response = await this.request('/sign-in', { username, password });
    if (response.status !== 303 || !this.#cookie)
      throw new Error(`sign-in failed: ${response.status}`);
  }
}
