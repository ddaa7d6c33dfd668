import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerProcess, startServerProcess } from './server-process.js';

/** A bundled Worker and how workerd should load it. */
export interface WorkerScript {
  /** The bundle's code. */
  readonly code: string;
  /** An ES module with `export default { fetch }`, or a script that listens for `fetch` events. */
  readonly format: 'module' | 'service-worker';
  /**
   * Bindings: a string becomes a text binding, anything else a JSON binding. A module sees them
   * in `env`, a service worker as globals.
   */
  readonly bindings?: Readonly<Record<string, unknown>>;
}

function binding(name: string, value: unknown): string {
  const kind = typeof value === 'string' ? 'text' : 'json';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `(name = ${JSON.stringify(name)}, ${kind} = ${JSON.stringify(text)})`;
}

// One Worker served on one loopback socket. Outbound requests may reach private addresses, so
// the Worker can call a dev server on 127.0.0.1.
function capnpConfig(port: number, script: WorkerScript): string {
  const code =
    script.format === 'module'
      ? 'modules = [(name = "worker.js", esModule = embed "worker.js")]'
      : 'serviceWorkerScript = embed "worker.js"';
  const bindings = Object.entries(script.bindings ?? {}).map(([k, v]) => binding(k, v));
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  ${code},
  compatibilityDate = "2026-04-01",
  bindings = [${bindings.join(', ')}],
  globalOutbound = "internet",
);
`;
}

/** Serves a bundled Worker with `workerd serve` (the binary from npm) on a loopback port. */
export async function startWorkerd(script: WorkerScript): Promise<ServerProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'coatcheck-workerd-'));
  writeFileSync(join(dir, 'worker.js'), script.code);
  const binary = createRequire(import.meta.url)('workerd').default as string;
  const server = await startServerProcess({
    file: binary,
    args: (port) => {
      // The config names the port, so it is written once the port is known.
      writeFileSync(join(dir, 'config.capnp'), capnpConfig(port, script));
      return ['serve', join(dir, 'config.capnp')];
    },
    cwd: dir,
  }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
