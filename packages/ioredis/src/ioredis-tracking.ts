import type { InvalidationListener, InvalidationSource } from '@coatcheck/redis';
import type { Cluster, Redis } from 'ioredis';
import { TrackedNode } from './tracked-node.js';

// A connection redirects its invalidations to one client only: every storage on one ioredis
// client shares that client's tracking.
const shared = new WeakMap<Redis | Cluster, IoRedisTracking>();

/**
 * The {@link InvalidationSource} of one cache on `client`: a handle on the client's shared
 * {@link IoRedisTracking}, which starts with the first handle subscribed and stops when the last
 * one closes.
 */
export function ioredisInvalidationSource(client: Redis | Cluster): InvalidationSource {
  let listener: InvalidationListener | undefined;
  let tracking: IoRedisTracking | undefined;
  return {
    subscribe(next) {
      listener = next;
      tracking = shared.get(client);
      if (tracking === undefined || tracking.closed) {
        tracking = new IoRedisTracking(client);
        shared.set(client, tracking);
      }
      tracking.add(next);
    },
    written(key) {
      if (tracking !== undefined) tracking.written(key);
      else listener?.invalidate([key]);
    },
    async close() {
      if (listener === undefined || tracking === undefined) return;
      const [was, from] = [listener, tracking];
      listener = undefined;
      tracking = undefined;
      was.down();
      await from.delete(was);
    },
  };
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
export class IoRedisTracking {
  readonly #client: Redis | Cluster;
  readonly #prefix: string;
  readonly #nodes = new Map<Redis, TrackedNode>();
  readonly #listeners = new Set<InvalidationListener>();
  #up = false;
  #closed = false;
  readonly #onAdd = (node: Redis) => this.#add(node);
  readonly #onRemove = (node: Redis) => this.#remove(node);
  readonly #onEnd = () => void this.close();

  constructor(client: Redis | Cluster) {
    this.#client = client;
    const prefix = client.options.keyPrefix;
    this.#prefix = typeof prefix === 'string' ? prefix : '';
  }

  /** Whether this tracking has stopped (a new one must be made for the client). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Delivers events to `listener` too; starts tracking with the first one. */
  add(listener: InvalidationListener): void {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#start();
    else if (this.#up) listener.up();
  }

  /** A write through one of the caches' storages settled: every cache drops `key` now. */
  written(key: string): void {
    const keys = [key];
    for (const listener of this.#listeners) listener.invalidate(keys);
  }

  /** Stops delivering to `listener`; stops tracking with the last one. */
  async delete(listener: InvalidationListener): Promise<void> {
    this.#listeners.delete(listener);
    if (this.#listeners.size === 0) await this.close();
  }

  #start(): void {
    const client = this.#client;
    if (client.isCluster) {
      const cluster = client as Cluster;
      cluster.on('+node', this.#onAdd);
      cluster.on('-node', this.#onRemove);
      for (const node of cluster.nodes('all')) this.#add(node);
    } else {
      this.#add(client as Redis);
    }
    client.on('end', this.#onEnd);
  }

  /** Closes every subscriber and takes every cache down; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#client.off('+node', this.#onAdd);
    this.#client.off('-node', this.#onRemove);
    this.#client.off('end', this.#onEnd);
    const nodes = [...this.#nodes.values()];
    this.#nodes.clear();
    this.#changed();
    await Promise.all(nodes.map((node) => node.close()));
  }

  #add(data: Redis): void {
    if (this.#closed || this.#nodes.has(data)) return;
    const node = new TrackedNode(data, {
      invalidate: (keys) => this.#invalidate(keys),
      changed: () => this.#changed(),
    });
    this.#nodes.set(data, node);
    this.#changed();
  }

  #remove(data: Redis): void {
    const node = this.#nodes.get(data);
    if (node === undefined) return;
    this.#nodes.delete(data);
    void node.close();
    // Keys read through that connection are tracked no more, even if every other node is up.
    this.#up = false;
    for (const listener of this.#listeners) listener.down();
    this.#changed();
  }

  #changed(): void {
    let up = !this.#closed && this.#nodes.size > 0;
    for (const node of this.#nodes.values()) up &&= node.up;
    const was = this.#up;
    this.#up = up;
    // Down again while already down is harmless (the caches are empty); up only on the change.
    if (!up) for (const listener of this.#listeners) listener.down();
    else if (!was) for (const listener of this.#listeners) listener.up();
  }

  #invalidate(keys: readonly string[] | null): void {
    let ours = keys;
    if (keys !== null && this.#prefix !== '') {
      // Keys outside the client's prefix are not ours; ours lose the prefix the client adds.
      const stripped: string[] = [];
      for (const key of keys)
        if (key.startsWith(this.#prefix)) stripped.push(key.slice(this.#prefix.length));
      ours = stripped;
    }
    for (const listener of this.#listeners) listener.invalidate(ours);
  }
}
