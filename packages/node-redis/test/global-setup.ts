import { type SharedServers, startSharedServers } from '@coatcheck/redis-testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    standalonePort: number;
    clusterPorts: number[];
  }
}

let servers: SharedServers | undefined;

/** Starts the servers every test file shares; each test uses its own key prefix or DIDs. */
export async function setup(project: TestProject): Promise<void> {
  servers = await startSharedServers(project);
}

export async function teardown(): Promise<void> {
  await servers?.stop();
}
