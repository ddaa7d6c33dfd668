import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type RedisServer, startRedisServer } from './redis-server.js';
import { rawCommand } from './resp.js';

const run = promisify(execFile);

/** A running Redis Cluster of masters only, all on loopback. */
export interface RedisCluster {
  readonly nodes: readonly { readonly host: '127.0.0.1'; readonly port: number }[];
  /** The servers, to stop or inspect one master. */
  readonly servers: readonly RedisServer[];
  stop(): Promise<void>;
}

/** `$REDIS_CLI_BIN` or `redis-cli` on `PATH`. */
function cli(): string {
  return process.env.REDIS_CLI_BIN ?? 'redis-cli';
}

async function waitForClusterOk(ports: readonly number[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (const port of ports) {
    for (;;) {
      const info = await rawCommand(port, 'CLUSTER INFO').catch(() => '');
      if (info.includes('cluster_state:ok')) break;
      if (Date.now() > deadline)
        throw new Error(`cluster node ${port} never reached cluster_state:ok`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Starts a Redis Cluster of `masters` masters (no replicas) on free loopback ports, each with its
 * own data folder, joins them with `redis-cli --cluster create`, and resolves once every node
 * reports `cluster_state:ok`.
 */
export async function startRedisCluster(options: { masters?: number } = {}): Promise<RedisCluster> {
  const masters = options.masters ?? 3;
  const servers: RedisServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  try {
    for (let i = 0; i < masters; i++) {
      servers.push(
        await startRedisServer({
          args: [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            'nodes.conf',
            '--cluster-node-timeout',
            '5000',
          ],
        }),
      );
    }
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
    await run(cli(), [
      '--cluster',
      'create',
      ...addresses,
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await waitForClusterOk(servers.map((server) => server.port));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes: servers.map((server) => ({ host: '127.0.0.1' as const, port: server.port })),
    servers,
    stop,
  };
}
