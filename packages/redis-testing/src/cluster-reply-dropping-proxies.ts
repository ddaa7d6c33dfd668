import type { ClusterRef } from './cluster-slots.js';
import {
  type CommandMatcher,
  commandMatches,
  type ProxiedCommand,
  type ReplyDroppingProxy,
  startReplyDroppingProxy,
} from './reply-dropping-proxy.js';

/** One reply-dropping proxy per master; see {@link startClusterReplyDroppingProxies}. */
export interface ClusterReplyDroppingProxies {
  /** One proxy per master, in the order of `cluster.nodes`. */
  readonly proxies: readonly ReplyDroppingProxy[];
  /** The proxies' addresses, to give the cluster client as its startup nodes. */
  readonly startupNodes: readonly { readonly host: '127.0.0.1'; readonly port: number }[];
  /** ioredis's `natMap`: each master's own address to its proxy's. */
  readonly natMap: Readonly<Record<string, { host: string; port: number }>>;
  /** Arms every proxy; `times` counts drops across the cluster. */
  dropNextReplyTo(matcher: CommandMatcher, times?: number): void;
  /** Disarms every proxy. */
  disarm(): void;
  /** Dropped commands of every proxy. */
  dropped(): readonly ProxiedCommand[];
  /** Commands forwarded by every proxy. */
  commandCount(): number;
  /** Closes every proxy and its connections. */
  close(): Promise<void>;
}

/**
 * Starts a {@link startReplyDroppingProxy} in front of each master of `cluster`. Cluster
 * clients learn the masters' real ports from `CLUSTER SLOTS` and redirections, so they must map
 * them to the proxies (`new Cluster(startupNodes, { natMap })` with ioredis).
 */
export async function startClusterReplyDroppingProxies(
  cluster: ClusterRef,
): Promise<ClusterReplyDroppingProxies> {
  const proxies: ReplyDroppingProxy[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(proxies.map((proxy) => proxy.close()));
  };
  try {
    for (const node of cluster.nodes)
      proxies.push(await startReplyDroppingProxy({ targetPort: node.port }));
  } catch (error) {
    await close();
    throw error;
  }
  const natMap: Record<string, { host: string; port: number }> = {};
  cluster.nodes.forEach((node, i) => {
    natMap[`127.0.0.1:${node.port}`] = { host: '127.0.0.1', port: proxies[i]!.port };
  });
  return {
    proxies,
    startupNodes: proxies.map((proxy) => ({ host: '127.0.0.1' as const, port: proxy.port })),
    natMap,
    dropNextReplyTo(matcher, times = 1) {
      let left = times;
      const shared = (command: ProxiedCommand): boolean => {
        if (left <= 0 || !commandMatches(matcher, command)) return false;
        left -= 1;
        return true;
      };
      for (const proxy of proxies) proxy.dropNextReplyTo(shared, Number.POSITIVE_INFINITY);
    },
    disarm() {
      for (const proxy of proxies) proxy.disarm();
    },
    dropped: () => proxies.flatMap((proxy) => proxy.dropped()),
    commandCount: () => proxies.reduce((sum, proxy) => sum + proxy.commandCount(), 0),
    close,
  };
}
