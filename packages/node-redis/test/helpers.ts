import { randomBytes } from 'node:crypto';
import type { NodeRedisClient } from '@coatcheck/node-redis';
import { rawCommand } from '@coatcheck/redis-testing';
import { createClient as createClient6, createCluster as createCluster6, RESP_TYPES } from 'redis';
import { createClient as createClient5, createCluster as createCluster5 } from 'redis5';
import { inject } from 'vitest';

/** A topology the tests run on. */
export type Topology = 'standalone' | 'cluster';

/** A client major version, protocol and topology. */
export interface Combo {
  readonly version: 5 | 6;
  readonly protocol: 2 | 3;
  readonly topology: Topology;
  /** Bulk and simple strings come back as `Buffer`s (a `typeMapping`). */
  readonly buffers?: boolean;
  /** `false` for `disableOfflineQueue: true`. */
  readonly offlineQueue?: boolean;
}

/** Both topologies, for `describe.each`. */
export const TOPOLOGIES: readonly Topology[] = ['standalone', 'cluster'];

/** A key prefix no other test uses. */
export function freshPrefix(): string {
  return `t${randomBytes(5).toString('hex')}:`;
}

/** A connected client (or cluster) with the little the tests read besides scripts. */
export interface Connected {
  readonly client: NodeRedisClient;
  /** PTTL of `key` in ms (-2 missing, -1 no TTL). */
  pttl(key: string): Promise<number>;
  /**
   * The connection that carries commands on `key`: the standalone client's one connection, or
   * the cluster's connection to the master of the key's slot; with that server's port.
   */
  connectionFor(key: string): Promise<NodeConnection>;
  /** The connections that carry the client's commands: the one, or one per cluster master. */
  dataConnections(): Promise<NodeConnection[]>;
  close(): Promise<void>;
}

/** One connection of a client, to send raw commands on. */
export interface NodeConnection {
  readonly port: number;
  send(args: string[]): Promise<unknown>;
}

/** What the tests use of a node-redis cluster of either major version. */
interface ClusterLike {
  readonly masters: readonly { port: number }[];
  getSlotMaster(slot: number): { port: number };
  nodeClient(node: { port: number }): Promise<{ sendCommand(args: string[]): Promise<unknown> }>;
}

/** Options that keep a test from hanging on a dead server. */
const SOCKET = { connectTimeout: 2000 } as const;

/** A connected client of the shared server of `combo.topology`; the caller closes it. */
export async function connect(combo: Combo): Promise<Connected> {
  const { version, protocol, topology } = combo;
  const url = (port: number) => `redis://127.0.0.1:${port}`;
  const common = { RESP: protocol, disableOfflineQueue: combo.offlineQueue === false };
  const standalone = { url: url(inject('standalonePort')), ...common, socket: SOCKET };
  const cluster = {
    rootNodes: inject('clusterPorts').map((port) => ({ url: url(port) })),
    ...common,
    defaults: { socket: SOCKET, disableOfflineQueue: common.disableOfflineQueue },
  };
  const client =
    version === 6
      ? topology === 'standalone'
        ? createClient6(standalone)
        : createCluster6(cluster)
      : topology === 'standalone'
        ? createClient5(standalone)
        : createCluster5(cluster);
  client.on('error', () => {}); // reconnect noise; calls report their own errors
  await client.connect();
  const ownConnection = (): NodeConnection => {
    const own = client as unknown as { sendCommand(args: string[]): Promise<unknown> };
    return { port: inject('standalonePort'), send: (args) => own.sendCommand(args) };
  };
  const buffers = { [RESP_TYPES.BLOB_STRING]: Buffer, [RESP_TYPES.SIMPLE_STRING]: Buffer };
  return {
    client: combo.buffers ? client.withTypeMapping(buffers) : client,
    pttl: async (key) => Number(await client.pTTL(key)),
    async connectionFor(key) {
      if (topology === 'standalone') return ownConnection();
      const nodes = client as unknown as ClusterLike;
      const slot = Number(
        await rawCommand(inject('clusterPorts')[0] ?? 0, `CLUSTER KEYSLOT ${key}`).then((reply) =>
          reply.slice(1),
        ),
      );
      const master = nodes.getSlotMaster(slot);
      const node = await nodes.nodeClient(master);
      return { port: master.port, send: (args) => node.sendCommand(args) };
    },
    async dataConnections() {
      if (topology === 'standalone') return [ownConnection()];
      const nodes = client as unknown as ClusterLike;
      return Promise.all(
        nodes.masters.map(async (master) => {
          const node = await nodes.nodeClient(master);
          return { port: master.port, send: (args: string[]) => node.sendCommand(args) };
        }),
      );
    },
    close: async () => {
      await client.close();
    },
  };
}
