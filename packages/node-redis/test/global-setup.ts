import {
  type RedisCluster,
  type RedisServer,
  startRedisCluster,
  startRedisServer,
} from '@coatcheck/redis-testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    standalonePort: number;
    clusterPorts: number[];
  }
}

let server: RedisServer | undefined;
let cluster: RedisCluster | undefined;

/** Starts the servers every test file shares; each test uses its own key prefix or DIDs. */
export async function setup(project: TestProject): Promise<void> {
  [server, cluster] = await Promise.all([startRedisServer(), startRedisCluster({ masters: 3 })]);
  project.provide('standalonePort', server.port);
  project.provide(
    'clusterPorts',
    cluster.nodes.map((node) => node.port),
  );
}

export async function teardown(): Promise<void> {
  await Promise.all([server?.stop(), cluster?.stop()]);
}
