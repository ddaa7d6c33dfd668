import type { TrackingDriver, TrackingHub } from '@coatcheck/redis';
import { type TrackableClient, TrackedClient } from './tracked-client.js';

type Listener = (...args: unknown[]) => void;

/** A master of a node-redis cluster (5 or 6), as `cluster.masters` lists it. */
interface ClusterNode {
  /** Its client, once the cluster made one (lazily with `minimizeConnections`). */
  readonly client?: TrackableClient;
}

/** What the tracking uses of a node-redis cluster from `createCluster()` (5 or 6). */
export interface TrackableCluster {
  /** The masters of the current slot map: a new array after each rediscovery. */
  readonly masters: readonly ClusterNode[];
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
  nodeClient(node: ClusterNode): Promise<unknown>;
}

// Every event after which the set of master connections may differ: a node client connected
// (a new master, or a dropped client made anew), one ended (a node removed from the slot map),
// the cluster connected (its first slot map). Reconnects of a known client are its own events.
const TOPOLOGY_EVENTS = ['node-connect', 'node-ready', 'node-disconnect', 'connect'];

/**
 * Follows the master connections of a node-redis cluster: a {@link TrackedClient} with its own
 * subscriber for each master's client (a script runs on the master of its key's slot, also
 * after `MOVED` or `ASK`), complete only while every master of the slot map has a tracked
 * client.
 *
 * @remarks
 * node-redis rediscovers the slot map on `MOVED` (and after reconnect attempts in 6) without an
 * event of its own, but every master it adds connects a new client (`node-connect`, emitted
 * before any reply on that connection can resolve, so the caches go down first) and every
 * master it drops destroys its client (`end`), which is all the tracking needs: a slot moved
 * between masters already tracked takes its keys with it by `MIGRATE`, which deletes them on
 * the source, and Redis reports those deletions as invalidations.
 */
export function clusterTrackingDriver(cluster: TrackableCluster): TrackingDriver<TrackableClient> {
  let hub: TrackingHub<TrackableClient> | undefined;
  // With `minimizeConnections` a master has no client until a command needs one, and tracking
  // needs one per master: it asks for each once (a client node-redis drops later is made again
  // by the next command to that master).
  const asked = new WeakSet<ClusterNode>();
  const scan = () => {
    const tracking = hub;
    if (tracking === undefined || tracking.closed) return;
    const current = new Set<TrackableClient>();
    for (const master of cluster.masters) {
      const client = master.client;
      if (client !== undefined) {
        current.add(client);
        tracking.track(client, (events) => new TrackedClient(client, events, () => ended(client)));
      } else if (!asked.has(master)) {
        asked.add(master);
        cluster.nodeClient(master).catch(() => {});
      }
    }
    for (const client of tracking.tracked()) if (!current.has(client)) tracking.untrack(client);
    tracking.changed();
  };
  const ended = (client: TrackableClient) => {
    hub?.untrack(client);
    scan();
  };
  const onDisconnect = () => void hub?.close();
  return {
    start(started) {
      hub = started;
      for (const event of TOPOLOGY_EVENTS) cluster.on(event, scan);
      cluster.on('disconnect', onDisconnect);
      scan();
    },
    stop() {
      for (const event of TOPOLOGY_EVENTS) cluster.off(event, scan);
      cluster.off('disconnect', onDisconnect);
    },
    complete() {
      const tracking = hub;
      if (tracking === undefined || cluster.masters.length === 0) return false;
      for (const master of cluster.masters)
        if (master.client === undefined || !tracking.has(master.client)) return false;
      return true;
    },
  };
}
