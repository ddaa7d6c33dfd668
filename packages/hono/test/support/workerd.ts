import { bundleWorkerModule, type ServerProcess, startWorkerd } from '@coatcheck/framework-tests';

/**
 * Bundles `entry` as a Worker module and serves it in workerd; `bindings` become the Worker's
 * text bindings (`env`).
 */
export async function startWorkerModule(
  entry: string,
  bindings: Readonly<Record<string, string>> = {},
): Promise<ServerProcess> {
  return startWorkerd({ code: await bundleWorkerModule(entry), format: 'module', bindings });
}
