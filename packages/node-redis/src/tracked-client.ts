import {
  type TrackedConnection,
  type TrackedConnectionEvents,
  TrackedLink,
} from '@coatcheck/redis';

/** The channel Redis publishes invalidations on for RESP2 `REDIRECT` targets. */
const INVALIDATE_CHANNEL = '__redis__:invalidate';

/** How long a failed subscriber waits before the next one is opened. */
const REOPEN_DELAY_MS = 100;

type Listener = (...args: unknown[]) => void;

/**
 * What the tracking uses of one node-redis client (5 or 6): a standalone client from
 * `createClient()`, or one node's client inside a cluster.
 */
export interface TrackableClient {
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
 * One node-redis client's connection (`data`, which sends the storage's scripts) with
 * `CLIENT TRACKING on REDIRECT` to a RESP2 subscriber of ours (`coatcheck-invalidation`) on
 * `__redis__:invalidate`. Default tracking mode: Redis reports only keys this connection read.
 *
 * @remarks
 * Down on any `error`, `reconnecting` or `end` of either connection (see {@link TrackedLink}):
 * after the data client's next `ready`, tracking is switched on again. The subscriber never
 * reconnects by itself (node-redis would resubscribe it under a new id without telling us): a
 * lost one is destroyed and a fresh one opened.
 */
export class TrackedClient implements TrackedConnection {
  readonly #data: TrackableClient;
  readonly #events: TrackedConnectionEvents;
  readonly #link: TrackedLink;
  #subscriber: TrackableClient | undefined;
  #reopen: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  readonly #onDataLost = () => this.#link.lost();
  // An `error` without a reconnect leaves the connection ready: tracking is turned on again.
  readonly #onDataError = () => {
    this.#link.lost();
    if (this.#data.isReady) void this.#link.enable();
  };
  readonly #onDataReady = () => void this.#link.enable();
  readonly #onDataEnd: () => void;

  /** @param ended - called once `data` ends (the client closed or was dropped). */
  constructor(data: TrackableClient, events: TrackedConnectionEvents, ended: () => void) {
    this.#data = data;
    this.#events = events;
    this.#link = new TrackedLink(
      (id) =>
        data.isReady
          ? data.sendCommand(['CLIENT', 'TRACKING', 'ON', 'REDIRECT', id])
          : Promise.reject(new Error('not ready')),
      () => events.changed(),
    );
    this.#onDataEnd = () => {
      this.#link.lost();
      ended();
    };
    data.on('error', this.#onDataError);
    data.on('reconnecting', this.#onDataLost);
    data.on('ready', this.#onDataReady);
    data.on('end', this.#onDataEnd);
    void this.#openSubscriber();
  }

  /** Whether reads on the data connection are tracked and their invalidations delivered. */
  get up(): boolean {
    return this.#link.up;
  }

  /** Stops listening and closes the subscriber; the data connection is the client's. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#link.close();
    const data = this.#data;
    data.off('error', this.#onDataError);
    data.off('reconnecting', this.#onDataLost);
    data.off('ready', this.#onDataReady);
    data.off('end', this.#onDataEnd);
    clearTimeout(this.#reopen);
    this.#dropSubscriber();
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
    const generation = this.#link.subscriberGeneration;
    const failed = () => this.#subscriberLost(subscriber);
    subscriber.on('error', failed);
    subscriber.on('end', failed);
    try {
      await subscriber.connect();
      const id = String(await subscriber.sendCommand(['CLIENT', 'ID']));
      await subscriber.subscribe(INVALIDATE_CHANNEL, (message) => this.#invalidate(message));
      await this.#link.subscribed(id, generation);
    } catch {
      failed();
    }
  }

  #subscriberLost(subscriber: TrackableClient): void {
    if (this.#subscriber !== subscriber) return;
    this.#link.subscriberLost();
    this.#dropSubscriber();
    if (!this.#closed)
      this.#reopen = setTimeout(() => void this.#openSubscriber(), REOPEN_DELAY_MS);
  }

  #dropSubscriber(): void {
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    if (subscriber === undefined) return;
    try {
      subscriber.destroy();
    } catch {
      // Already closed.
    }
  }

  #invalidate(message: unknown): void {
    this.#events.invalidate(Array.isArray(message) ? message.map(String) : null);
  }
}
