// Type-only: the declaration build resolves the augmented module only when the file imports it.
import type {} from 'vitest';
import { type RedisCluster, startRedisCluster } from './redis-cluster.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

// What `inject` returns in the test files of a run whose global setup called
// `startSharedServers`.
declare module 'vitest' {
  export interface ProvidedContext {
    standalonePort: number;
    clusterPorts: number[];
  }
}

/** What a test runner's global setup offers its test files (vitest's `TestProject`). */
export interface ProvidesContext {
  provide(key: 'standalonePort', value: number): void;
  provide(key: 'clusterPorts', value: number[]): void;
}

/** The servers of {@link startSharedServers}. */
export interface SharedServers {
  readonly server: RedisServer;
  readonly cluster: RedisCluster;
  stop(): Promise<void>;
}

/**
 * Starts one standalone server and one 3-master cluster for a whole test run, and provides
 * their ports to the test files as `standalonePort` and `clusterPorts`.
 *
 * `@coatcheck/redis-testing/global-setup` is a vitest `globalSetup` file that calls it.
 *
 * @example
 * ```ts
 * // test/global-setup.ts
 * let servers: SharedServers | undefined;
 * export async function setup(project: TestProject) { servers = await startSharedServers(project); }
 * export async function teardown() { await servers?.stop(); }
 * ```
 */
export async function startSharedServers(project: ProvidesContext): Promise<SharedServers> {
  const [server, cluster] = await Promise.all([
    startRedisServer(),
    startRedisCluster({ masters: 3 }),
  ]);
  project.provide('standalonePort', server.port);
  project.provide(
    'clusterPorts',
    cluster.nodes.map((node) => node.port),
  );
  return {
    server,
    cluster,
    stop: async () => {
      await Promise.all([server.stop(), cluster.stop()]);
    },
  };
}
