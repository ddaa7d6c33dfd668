import type { InvalidationListener, InvalidationSource } from '@coatcheck/redis';
import { clientKeyPrefix, type NodeRedisClient } from './node-redis-client.js';

/** The channel Redis publishes invalidations on for RESP2 `REDIRECT` targets. */
const INVALIDATE_CHANNEL = '__redis__:invalidate';

/** How long a failed subscriber waits before the next one is opened. */
const REOPEN_DELAY_MS = 100;

type Listener = (...args: unknown[]) => void;

/** What the tracking uses of a standalone node-redis client (5 or 6). */
interface TrackableClient {
  readonly isReady: boolean;
  readonly options?: { socket?: object };
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
  sendCommand(args: string[]): Promise<unknown>;
  duplicate(overrides: object): TrackableClient;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: unknown) => void): Promise<unknown>;
  destroy(): void;
}

/**
 * Whether the cache can track `client`: a standalone client from `createClient()`, which
 * reads over one connection. Not a cluster (one connection per node, not supported yet) nor a
 * pool from `createClientPool()` (a read may go over any of its connections).
 */
export function isTrackable(client: NodeRedisClient): boolean {
  const candidate = client as unknown as Partial<TrackableClient>;
  return (
    !('masters' in (client as object)) &&
    !('totalClients' in (client as object)) &&
    typeof candidate.duplicate === 'function' &&
    typeof candidate.on === 'function' &&
    typeof candidate.sendCommand === 'function'
  );
}

// A connection redirects its invalidations to one client only: every storage on one
// node-redis client shares that client's tracking.
const shared = new WeakMap<object, NodeRedisTracking>();

/**
 * The {@link InvalidationSource} of one cache on a standalone node-redis `client` (see
 * {@link isTrackable}): a handle on the client's shared {@link NodeRedisTracking}, which starts
 * with the first handle subscribed and stops when the last one closes.
 */
export function nodeRedisInvalidationSource(client: NodeRedisClient): InvalidationSource {
  let listener: InvalidationListener | undefined;
  let tracking: NodeRedisTracking | undefined;
  return {
    subscribe(next) {
      listener = next;
      tracking = shared.get(client);
      if (tracking === undefined || tracking.closed) {
        tracking = new NodeRedisTracking(client);
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
 * Redis client-side tracking for a standalone node-redis client: the client's connection sends
 * `CLIENT TRACKING on REDIRECT` to a RESP2 subscriber of ours (`coatcheck-invalidation`) on
 * `__redis__:invalidate`; its events fan out to every subscribed cache.
 *
 * @remarks
 * Up only between the `OK` of `CLIENT TRACKING` and the next `error`, `reconnecting` or `end`
 * of either connection: a reconnected data connection is untracked until its `ready` turns
 * tracking on again, and a new subscriber has a new client id to redirect to. The subscriber
 * never reconnects by itself (node-redis would resubscribe it under a new id without telling
 * us): a lost one is destroyed and a fresh one opened. A generation number makes an answer
 * that arrives after such an event count for nothing.
 */
export class NodeRedisTracking {
  readonly #data: TrackableClient;
  readonly #prefix: string;
  readonly #listeners = new Set<InvalidationListener>();
  #generation = 0;
  #subscriber: TrackableClient | undefined;
  #subscriberId: string | undefined;
  #reopen: ReturnType<typeof setTimeout> | undefined;
  #up = false;
  #closed = false;
  readonly #onDataLost = () => this.#lost();
  // An `error` without a reconnect leaves the connection ready: tracking is turned on again.
  readonly #onDataError = () => {
    this.#lost();
    if (this.#data.isReady) void this.#enable();
  };
  readonly #onDataReady = () => void this.#enable();
  readonly #onDataEnd = () => void this.close();

  constructor(client: NodeRedisClient) {
    this.#data = client as unknown as TrackableClient;
    const prefix = clientKeyPrefix(client);
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

  /** Closes the subscriber and takes every cache down; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#lost();
    const data = this.#data;
    data.off('error', this.#onDataError);
    data.off('reconnecting', this.#onDataLost);
    data.off('ready', this.#onDataReady);
    data.off('end', this.#onDataEnd);
    clearTimeout(this.#reopen);
    this.#dropSubscriber();
  }

  #start(): void {
    const data = this.#data;
    data.on('error', this.#onDataError);
    data.on('reconnecting', this.#onDataLost);
    data.on('ready', this.#onDataReady);
    data.on('end', this.#onDataEnd);
    void this.#openSubscriber();
  }

  async #openSubscriber(): Promise<void> {
    if (this.#closed) return;
    const socket = { ...this.#data.options?.socket, reconnectStrategy: false };
    let subscriber: TrackableClient;
    try {
      // RESP2, so invalidations come as pub/sub messages; the RESP3-only features switched off.
      subscriber = this.#data.duplicate({
        RESP: 2,
        socket,
        name: 'coatcheck-invalidation',
        clientSideCache: undefined,
        emitInvalidate: false,
        maintNotifications: 'disabled',
      });
    } catch {
      this.#reopen = setTimeout(() => void this.#openSubscriber(), REOPEN_DELAY_MS);
      return;
    }
    this.#subscriber = subscriber;
    const failed = () => this.#subscriberLost(subscriber);
    subscriber.on('error', failed);
    subscriber.on('end', failed);
    try {
      await subscriber.connect();
      const id = String(await subscriber.sendCommand(['CLIENT', 'ID']));
      await subscriber.subscribe(INVALIDATE_CHANNEL, (message) => this.#invalidate(message));
      if (this.#subscriber !== subscriber) return;
      this.#subscriberId = id;
      await this.#enable();
    } catch {
      failed();
    }
  }

  #subscriberLost(subscriber: TrackableClient): void {
    if (this.#subscriber !== subscriber) return;
    this.#lost();
    this.#dropSubscriber();
    if (!this.#closed)
      this.#reopen = setTimeout(() => void this.#openSubscriber(), REOPEN_DELAY_MS);
  }

  #dropSubscriber(): void {
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    this.#subscriberId = undefined;
    if (subscriber === undefined) return;
    try {
      subscriber.destroy();
    } catch {
      // Already closed.
    }
  }

  /** Turns tracking on for the data connection, towards the current subscriber. */
  async #enable(): Promise<void> {
    const id = this.#subscriberId;
    if (id === undefined || this.#closed || !this.#data.isReady) return;
    const generation = this.#generation;
    try {
      await this.#data.sendCommand(['CLIENT', 'TRACKING', 'ON', 'REDIRECT', id]);
    } catch {
      // Not connected, or refused: stay down; the next `ready` of either side tries again.
      return;
    }
    if (generation !== this.#generation || this.#closed || this.#subscriberId !== id) return;
    if (this.#up) return;
    this.#up = true;
    for (const listener of this.#listeners) listener.up();
  }

  #lost(): void {
    this.#generation++;
    const was = this.#up;
    this.#up = false;
    if (was) for (const listener of this.#listeners) listener.down();
  }

  #invalidate(message: unknown): void {
    if (!Array.isArray(message)) {
      for (const listener of this.#listeners) listener.invalidate(null);
      return;
    }
    const ours: string[] = [];
    // Keys outside the client's prefix are not ours; ours lose the prefix the client adds.
    for (const key of message.map(String))
      if (key.startsWith(this.#prefix)) ours.push(key.slice(this.#prefix.length));
    for (const listener of this.#listeners) listener.invalidate(ours);
  }
}
