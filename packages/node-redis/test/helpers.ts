import { randomBytes } from 'node:crypto';
import type { NodeRedisClient } from '@coatcheck/node-redis';
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
  /** Sends a raw command on the standalone client's one connection (not on a cluster). */
  send(args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

/** Options that keep a test from hanging on a dead server. */
const SOCKET = { connectTimeout: 2000 } as const;

/** A connected client of the shared server of `combo.topology`; the caller closes it. */
export async function connect(combo: Combo): Promise<Connected> {
  const { version, protocol, topology } = combo;
  const url = (port: number) => `redis://127.0.0.1:${port}`;
  const standalone = { url: url(inject('standalonePort')), RESP: protocol, socket: SOCKET };
  const cluster = {
    rootNodes: inject('clusterPorts').map((port) => ({ url: url(port) })),
    RESP: protocol,
    defaults: { socket: SOCKET },
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
  const buffers = { [RESP_TYPES.BLOB_STRING]: Buffer, [RESP_TYPES.SIMPLE_STRING]: Buffer };
  return {
    client: combo.buffers ? client.withTypeMapping(buffers) : client,
    pttl: async (key) => Number(await client.pTTL(key)),
    send: (args) =>
      'sendCommand' in client && topology === 'standalone'
        ? (client as ReturnType<typeof createClient6>).sendCommand(args)
        : Promise.reject(new Error('send() is for a standalone client')),
    close: async () => {
      await client.close();
    },
  };
}
