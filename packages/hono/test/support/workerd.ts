import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerProcess, startServerProcess } from '@coatcheck/framework-tests';
import { build } from 'esbuild';

/** A running `workerd serve` with one Worker on a loopback port. */
export type Workerd = ServerProcess;

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
): Promise<ServerProcess> {
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
  const binary = createRequire(import.meta.url)('workerd').default as string;
  const server = await startServerProcess({
    file: binary,
    args: (port) => {
      // The config names the port, so it is written once the port is known.
      writeFileSync(join(dir, 'config.capnp'), capnpConfig(port, bindings));
      return ['serve', join(dir, 'config.capnp')];
    },
    cwd: dir,
  });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
