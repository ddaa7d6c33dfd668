import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { freePort } from './free-port.js';

/** A running `workerd serve` with one Worker on a loopback port. */
export interface Workerd {
  readonly url: string;
  stop(): Promise<void>;
}

// A Worker config: the bundle as an ES module, served on one loopback socket. Outbound
// requests may reach private addresses, so a Worker can call a dev server on 127.0.0.1.
function capnpConfig(port: number, bindings: Readonly<Record<string, string>>): string {
  const texts = Object.entries(bindings)
    .map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`)
    .join(', ');
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-04-01",
  bindings = [${texts}],
  globalOutbound = "internet",
);
`;
}

/**
 * Bundles `entry` as a Worker module (the `workerd` and `worker` export conditions, as wrangler
 * picks them) and serves it with the `workerd` binary from npm; `bindings` become the Worker's
 * text bindings (its `env`).
 */
export async function startWorkerd(
  entry: string,
  bindings: Readonly<Record<string, string>> = {},
): Promise<Workerd> {
  const dir = await mkdtemp(join(tmpdir(), 'coatcheck-workerd-'));
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker'],
    target: 'es2022',
    outfile: join(dir, 'worker.js'),
    logLevel: 'silent',
  });
  const port = await freePort();
  await writeFile(join(dir, 'config.capnp'), capnpConfig(port, bindings));
  const binary = createRequire(import.meta.url)('workerd').default as string;
  const child: ChildProcess = spawn(binary, ['serve', join(dir, 'config.capnp')], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  // Ready when the socket answers; bounded so that a binary that never starts fails the test.
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return { url, stop };
    } catch (error) {
      if (attempt >= 200) {
        await stop();
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
