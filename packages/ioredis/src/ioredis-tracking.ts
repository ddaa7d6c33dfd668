import {
  type InvalidationSource,
  sharedInvalidationSource,
  type TrackingDriver,
  TrackingHub,
} from '@coatcheck/redis';
import type { Cluster, Redis } from 'ioredis';
import { TrackedNode } from './tracked-node.js';

/**
 * The {@link InvalidationSource} of one cache on `client`: a handle on the client's shared
 * {@link IoRedisTracking}, which starts with the first handle subscribed and stops when the last
 * one closes.
 */
export function ioredisInvalidationSource(client: Redis | Cluster): InvalidationSource {
  return sharedInvalidationSource(client, () => new IoRedisTracking(client));
}

/**
 * Redis client-side tracking for an ioredis `Redis` or `Cluster`: one {@link TrackedNode} per
 * server the client talks to (on a Cluster, per node connection, since a key is tracked on the
 * connection that read it), its events fanned out to every subscribed cache. Up while every
 * node is up; any node going down takes every cache down.
 *
 * @remarks
 * On a Cluster, nodes the client adds later (`+node`) start down and bring the caches down
 * until they are tracked; removed ones (`-node`) are closed. The subscribers open with the
 * first listener and close with the last, or when the client ends.
 */
export class IoRedisTracking extends TrackingHub<Redis> {
  constructor(client: Redis | Cluster) {
    const prefix = client.options.keyPrefix;
    super(typeof prefix === 'string' ? prefix : '', ioredisDriver(client));
  }
}

/** Follows `client`'s node connections: `+node`, `-node`, `end`. */
function ioredisDriver(client: Redis | Cluster): TrackingDriver<Redis> {
  let hub: TrackingHub<Redis> | undefined;
  const onAdd = (node: Redis) => hub?.track(node, (events) => new TrackedNode(node, events));
  const onRemove = (node: Redis) => hub?.untrack(node);
  const onEnd = () => void hub?.close();
  return {
    start(started) {
      hub = started;
      if (client.isCluster) {
        const cluster = client as Cluster;
        cluster.on('+node', onAdd);
        cluster.on('-node', onRemove);
        for (const node of cluster.nodes('all')) onAdd(node);
      } else {
        onAdd(client as Redis);
      }
      client.on('end', onEnd);
    },
    stop() {
      client.off('+node', onAdd);
      client.off('-node', onRemove);
      client.off('end', onEnd);
    },
  };
}
