import type { Redis } from 'ioredis';

/** The channel Redis publishes invalidations on for RESP2 `REDIRECT` targets. */
const INVALIDATE_CHANNEL = '__redis__:invalidate';

/** What a {@link TrackedNode} reports to its owner. */
export interface TrackedNodeEvents {
  /** Keys as Redis names them (the client's key prefix included); `null` for all keys. */
  invalidate(keys: readonly string[] | null): void;
  /** Whether this node's reads are tracked towards a live subscriber now. */
  changed(node: TrackedNode): void;
}

/**
 * One Redis server's pair of connections: `data` (the client's own, which sends the storage's
 * scripts) with `CLIENT TRACKING on REDIRECT` to `subscriber`, a RESP2 connection of ours
 * subscribed to `__redis__:invalidate` (ioredis 6 drops RESP3 `invalidate` pushes, so the data
 * connection cannot take them itself). Default tracking mode: Redis reports only keys this
 * connection read, once each, until they are read again.
 *
 * @remarks
 * Up only between the `OK` of `CLIENT TRACKING` and the next `close` of either connection: a
 * new data connection is untracked until we enable tracking on it again, and a new subscriber
 * has a new client id to redirect to. A generation number makes an answer that arrives after
 * such a close count for nothing.
 */
export class TrackedNode {
  readonly data: Redis;
  readonly #subscriber: Redis;
  readonly #events: TrackedNodeEvents;
  #generation = 0;
  #subscriberId: number | undefined;
  #up = false;
  #closed = false;
  readonly #onDataClose = () => this.#lost();
  readonly #onDataReady = () => this.#enable();

  constructor(data: Redis, events: TrackedNodeEvents) {
    this.data = data;
    this.#events = events;
    this.#subscriber = data.duplicate({
      protocol: 2,
      keyPrefix: '',
      lazyConnect: false,
      autoResubscribe: false,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      // A Cluster's node connections do not reconnect by themselves; this one must.
      retryStrategy: (times: number) => Math.min(times * 50, 2000),
      connectionName: 'coatcheck-invalidation',
    });
    this.#subscriber.on('messageBuffer', (channel: Buffer, message: unknown) => {
      if (channel.toString() !== INVALIDATE_CHANNEL) return;
      this.#events.invalidate(Array.isArray(message) ? message.map(String) : null);
    });
    this.#subscriber.on('ready', () => void this.#subscribe());
    this.#subscriber.on('close', () => {
      this.#subscriberId = undefined;
      this.#lost();
    });
    // Errors reach us as closes; a listener keeps ioredis from reporting them as unhandled.
    this.#subscriber.on('error', () => {});
    data.on('close', this.#onDataClose);
    data.on('ready', this.#onDataReady);
  }

  /** Whether reads on `data` are tracked and their invalidations delivered. */
  get up(): boolean {
    return this.#up;
  }

  /** Stops listening and closes the subscriber; the data connection is the client's. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#lost();
    this.data.off('close', this.#onDataClose);
    this.data.off('ready', this.#onDataReady);
    this.#subscriber.disconnect();
  }

  async #subscribe(): Promise<void> {
    const generation = this.#generation;
    try {
      const id = (await this.#subscriber.client('ID')) as number;
      await this.#subscriber.subscribe(INVALIDATE_CHANNEL);
      if (generation !== this.#generation || this.#closed) return;
      this.#subscriberId = id;
      await this.#enable();
    } catch {
      // The subscriber closes on a failure; its next `ready` tries again.
    }
  }

  /** Turns tracking on for the data connection, towards the current subscriber. */
  async #enable(): Promise<void> {
    const id = this.#subscriberId;
    if (id === undefined || this.#closed) return;
    const generation = this.#generation;
    try {
      await this.data.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id);
    } catch {
      // Not connected yet, or refused: stay down; the next `ready` of either side tries again.
      return;
    }
    if (generation !== this.#generation || this.#closed || this.#subscriberId !== id) return;
    this.#up = true;
    this.#events.changed(this);
  }

  #lost(): void {
    this.#generation++;
    const was = this.#up;
    this.#up = false;
    if (was) this.#events.changed(this);
  }
}
