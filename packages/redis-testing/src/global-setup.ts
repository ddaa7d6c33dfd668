import { type ProvidesContext, type SharedServers, startSharedServers } from './shared-servers.js';

let servers: SharedServers | undefined;

/**
 * A vitest `globalSetup` file: starts the servers every test file of a run shares (see
 * {@link startSharedServers}); each test uses its own key prefix or DIDs.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['@coatcheck/redis-testing/global-setup'] } });
 * ```
 */
export async function setup(project: ProvidesContext): Promise<void> {
  servers = await startSharedServers(project);
}

/** Stops what {@link setup} started. */
export async function teardown(): Promise<void> {
  await servers?.stop();
  servers = undefined;
}
