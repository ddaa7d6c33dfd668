import { redisCommand } from './resp-client.js';

/** One master of a cluster, as the slot helpers name it. */
export interface ClusterNode {
  /** Always loopback. */
  readonly host: '127.0.0.1';
  /** The node's client port. */
  readonly port: number;
  /** The node id (`CLUSTER MYID`). */
  readonly id: string;
}

/** Anything with a port: a {@link ClusterNode}, an entry of `cluster.nodes`, a server. */
export type NodeRef = { readonly port: number };

/**
 * A cluster as the slot helpers need it: its masters' loopback ports. A `RedisCluster` is one;
 * so is `{ nodes: ports.map((port) => ({ port })) }` in a test that only knows the ports.
 */
export type ClusterRef = { readonly nodes: readonly NodeRef[] };

const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    table[byte] = crc & 0xffff;
  }
  return table;
})();

/** CRC16-CCITT (XMODEM), the checksum Redis Cluster hashes keys with. */
export function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ TABLE[((crc >> 8) ^ byte) & 0xff]!) & 0xffff;
  return crc;
}

/**
 * The cluster hash slot of `key` (0 to 16383), with Redis's hash-tag rule: when the key holds
 * a `{` followed later by a `}` with at least one byte between, only those bytes are hashed.
 */
export function slotOf(key: string | Uint8Array): number {
  let bytes = typeof key === 'string' ? new TextEncoder().encode(key) : key;
  const open = bytes.indexOf(0x7b /* '{' */);
  if (open >= 0) {
    const close = bytes.indexOf(0x7d /* '}' */, open + 1);
    if (close > open + 1) bytes = bytes.subarray(open + 1, close);
  }
  return crc16(bytes) % 16384;
}

/** The id of the node on `port` (`CLUSTER MYID`). */
export async function nodeIdOf(node: NodeRef): Promise<string> {
  return String(await redisCommand(node.port, 'CLUSTER', 'MYID'));
}

/** Every master of the cluster with its id. */
export async function clusterNodes(cluster: ClusterRef): Promise<ClusterNode[]> {
  return Promise.all(
    cluster.nodes.map(async (node) => ({
      host: '127.0.0.1' as const,
      port: node.port,
      id: await nodeIdOf(node),
    })),
  );
}

/**
 * The master that owns `slot`, as `CLUSTER SLOTS` on `askNode` (default: the cluster's first
 * node) reports it. During a migration that is still the source until the migration finishes.
 */
export async function nodeForSlot(
  cluster: ClusterRef,
  slot: number,
  askNode: NodeRef = cluster.nodes[0]!,
): Promise<ClusterNode> {
  const ranges = (await redisCommand(askNode.port, 'CLUSTER', 'SLOTS')) as unknown[][];
  for (const [start, end, owner] of ranges) {
    if (slot >= Number(start) && slot <= Number(end)) {
      const [, port, id] = owner as [string, number, string];
      return { host: '127.0.0.1', port: Number(port), id: String(id) };
    }
  }
  throw new Error(`no node of the cluster owns slot ${slot}`);
}

/** A master other than the one owning `slot`: a destination for a migration test. */
export async function otherNodeThan(cluster: ClusterRef, slot: number): Promise<ClusterNode> {
  const owner = await nodeForSlot(cluster, slot);
  const other = (await clusterNodes(cluster)).find((node) => node.id !== owner.id);
  if (!other) throw new Error('the cluster has a single master');
  return other;
}
