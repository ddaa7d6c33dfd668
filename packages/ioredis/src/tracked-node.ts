import {
  type TrackedConnection,
  type TrackedConnectionEvents,
  TrackedLink,
} from '@coatcheck/redis';
import type { Redis } from 'ioredis';

/** The channel Redis publishes invalidations on for RESP2 `REDIRECT` targets. */
const INVALIDATE_CHANNEL = '__redis__:invalidate';

/**
 * One Redis server's pair of connections: `data` (the client's own, which sends the storage's
 * scripts) with `CLIENT TRACKING on REDIRECT` to `subscriber`, a RESP2 connection of ours
 * subscribed to `__redis__:invalidate` (ioredis 6 drops RESP3 `invalidate` pushes, so the data
 * connection cannot take them itself). Default tracking mode: Redis reports only keys this
 * connection read, once each, until they are read again.
 *
 * @remarks
 * Up only between the `OK` of `CLIENT TRACKING` and the next `close` of either connection
 * (see {@link TrackedLink}).
 */
export class TrackedNode implements TrackedConnection {
  readonly data: Redis;
  readonly #subscriber: Redis;
  readonly #link: TrackedLink;
  #closed = false;
  readonly #onDataClose = () => this.#link.lost();
  readonly #onDataReady = () => void this.#link.enable();

  constructor(data: Redis, events: TrackedConnectionEvents) {
    this.data = data;
    this.#link = new TrackedLink(
      (id) => data.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id),
      () => events.changed(),
    );
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
      events.invalidate(Array.isArray(message) ? message.map(String) : null);
    });
    this.#subscriber.on('ready', () => void this.#subscribe());
    this.#subscriber.on('close', () => this.#link.subscriberLost());
    // Errors reach us as closes; a listener keeps ioredis from reporting them as unhandled.
    this.#subscriber.on('error', () => {});
    data.on('close', this.#onDataClose);
    data.on('ready', this.#onDataReady);
  }

  /** Whether reads on `data` are tracked and their invalidations delivered. */
  get up(): boolean {
    return this.#link.up;
  }

  /** Stops listening and closes the subscriber; the data connection is the client's. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#link.close();
    this.data.off('close', this.#onDataClose);
    this.data.off('ready', this.#onDataReady);
    this.#subscriber.disconnect();
  }

  async #subscribe(): Promise<void> {
    const generation = this.#link.subscriberGeneration;
    try {
      const id = (await this.#subscriber.client('ID')) as number;
      await this.#subscriber.subscribe(INVALIDATE_CHANNEL);
      await this.#link.subscribed(String(id), generation);
    } catch {
      // The subscriber closes on a failure; its next `ready` tries again.
    }
  }
}
