import { type ServerProcess, startWorkerd } from '@coatcheck/framework-tests';
import { build } from 'esbuild';

/**
 * Bundles `entry` as a Worker module (the `workerd` and `worker` export conditions, as wrangler
 * picks them) and serves it in workerd; `bindings` become the Worker's text bindings (`env`).
 */
export async function startWorkerModule(
  entry: string,
  bindings: Readonly<Record<string, string>> = {},
): Promise<ServerProcess> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return startWorkerd({ code: result.outputFiles[0]!.text, format: 'module', bindings });
}
