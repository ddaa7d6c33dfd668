import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    redisPort: number;
  }
}

let server: RedisServer | undefined;

/** One real redis-server on a free loopback port for the whole run; each test has its own prefix. */
export async function setup(project: TestProject): Promise<void> {
  server = await startRedisServer();
  project.provide('redisPort', server.port);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
