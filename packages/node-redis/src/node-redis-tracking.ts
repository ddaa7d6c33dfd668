import {
  type InvalidationSource,
  sharedInvalidationSource,
  type TrackingDriver,
  TrackingHub,
} from '@coatcheck/redis';
import { clusterTrackingDriver, type TrackableCluster } from './cluster-tracking.js';
import { clientKeyPrefix, type NodeRedisClient } from './node-redis-client.js';
import { type TrackableClient, TrackedClient } from './tracked-client.js';

/** How the cache can track a node-redis client; a reason when it cannot. */
export type Trackability =
  | { readonly kind: 'client' | 'cluster' }
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * Whether the cache can track `client`: a standalone client from `createClient()` (one
 * connection) or a cluster from `createCluster()` (one connection per master), not one with
 * `useReplicas: true` (its replica connections are not tracked), nor a pool from
 * `createClientPool()` (a read may go over any of its connections).
 */
export function trackability(client: NodeRedisClient): Trackability {
  const candidate = client as unknown as Record<string, unknown>;
  if ('totalClients' in candidate) return { kind: 'refused', reason: 'is not supported on a pool' };
  if ('masters' in candidate) {
    const options = candidate._options as { useReplicas?: unknown } | undefined;
    if (options?.useReplicas === true)
      return { kind: 'refused', reason: 'is not supported on a cluster with useReplicas: true' };
    return typeof candidate.nodeClient === 'function' && typeof candidate.on === 'function'
      ? { kind: 'cluster' }
      : { kind: 'refused', reason: 'needs a node-redis cluster from createCluster()' };
  }
  return typeof candidate.duplicate === 'function' &&
    typeof candidate.on === 'function' &&
    typeof candidate.sendCommand === 'function'
    ? { kind: 'client' }
    : { kind: 'refused', reason: 'needs a node-redis client or cluster' };
}

/**
 * The {@link InvalidationSource} of one cache on a node-redis client or cluster (see
 * {@link trackability}): a handle on the client's shared {@link NodeRedisTracking}, which
 * starts with the first handle subscribed and stops when the last one closes.
 */
export function nodeRedisInvalidationSource(client: NodeRedisClient): InvalidationSource {
  return sharedInvalidationSource(client, () => new NodeRedisTracking(client));
}

/**
 * Redis client-side tracking for a node-redis client or cluster, fanned out to every cache
 * subscribed: each connection the client reads through (the client's own; a cluster's one per
 * master) sends `CLIENT TRACKING on REDIRECT` to a RESP2 subscriber of ours
 * (`coatcheck-invalidation`) on `__redis__:invalidate`, one per connection.
 *
 * @remarks
 * Up only while every such connection is tracked; any `error`, `reconnecting` or `end` of
 * either side, and any master connection added or removed, takes every cache down first. It
 * stops when the client ends (a cluster: `disconnect`).
 */
export class NodeRedisTracking extends TrackingHub<TrackableClient> {
  constructor(client: NodeRedisClient) {
    const prefix = clientKeyPrefix(client);
    super(
      typeof prefix === 'string' ? prefix : '',
      trackability(client).kind === 'cluster'
        ? clusterTrackingDriver(client as unknown as TrackableCluster)
        : standaloneDriver(client as unknown as TrackableClient),
    );
  }
}

/** The one connection of a standalone client; the tracking stops when the client ends. */
function standaloneDriver(client: TrackableClient): TrackingDriver<TrackableClient> {
  return {
    start(hub) {
      hub.track(client, (events) => new TrackedClient(client, events, () => void hub.close()));
    },
    stop() {},
  };
}
