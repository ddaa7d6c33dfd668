import type { InvalidationListener, InvalidationSource } from './invalidation.js';

/** One data connection's tracking, as a {@link TrackingHub} sees it. */
export interface TrackedConnection {
  /** Whether reads on the connection are tracked towards a live subscriber now. */
  readonly up: boolean;
  /** Stops tracking and closes what it opened (not the client's own connection). */
  close(): void | Promise<void>;
}

/** What a {@link TrackedConnection} reports to its hub. */
export interface TrackedConnectionEvents {
  /** Keys as Redis names them (the client's key prefix included); `null` for all keys. */
  invalidate(keys: readonly string[] | null): void;
  /** {@link TrackedConnection.up} changed. */
  changed(): void;
}

/** The client glue a {@link TrackingHub} drives. */
export interface TrackingDriver<Data> {
  /**
   * With the first listener: listens to the client and calls {@link TrackingHub.track} for
   * each connection the client reads through.
   */
  start(hub: TrackingHub<Data>): void;
  /** On close: stops listening to the client. */
  stop(): void;
  /**
   * Whether the hub tracks every connection the client reads through (a cluster master the
   * client has no connection to yet is missing): the hub is up only then.
   * @defaultValue always true
   */
  complete?(): boolean;
}

/**
 * Redis client-side tracking for one client, fanned out to every cache subscribed to it: one
 * {@link TrackedConnection} per data connection the client reads through (a key is tracked on
 * the connection that read it). Up while every connection is up; any connection going down,
 * added or removed takes every cache down first.
 */
export class TrackingHub<Data> {
  readonly #prefix: string;
  readonly #driver: TrackingDriver<Data>;
  readonly #connections = new Map<Data, TrackedConnection>();
  readonly #listeners = new Set<InvalidationListener>();
  #up = false;
  #closed = false;

  /**
   * @param prefix - the key prefix the client itself adds (ioredis `keyPrefix`, node-redis 6
   * `keyPrefix`): stripped from reported keys, and keys outside it ignored.
   */
  constructor(prefix: string, driver: TrackingDriver<Data>) {
    this.#prefix = prefix;
    this.#driver = driver;
  }

  /** Whether this hub has stopped (a new one must be made for the client). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Delivers events to `listener` too; starts tracking with the first one. */
  add(listener: InvalidationListener): void {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#driver.start(this);
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

  /** Closes every connection's tracking and takes every cache down; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#driver.stop();
    const connections = [...this.#connections.values()];
    this.#connections.clear();
    this.changed();
    await Promise.all(connections.map((connection) => connection.close()));
  }

  /** Whether `data` is tracked. */
  has(data: Data): boolean {
    return this.#connections.has(data);
  }

  /** The data connections tracked now. */
  tracked(): Data[] {
    return [...this.#connections.keys()];
  }

  /** Tracks `data` with what `open` makes; it starts down, so the caches go down until it is up. */
  track(data: Data, open: (events: TrackedConnectionEvents) => TrackedConnection): void {
    if (this.#closed || this.#connections.has(data)) return;
    const connection = open({
      invalidate: (keys) => this.#invalidate(keys),
      changed: () => this.changed(),
    });
    this.#connections.set(data, connection);
    this.changed();
  }

  /** Stops tracking `data`: keys read through it are tracked no more, so the caches go down. */
  untrack(data: Data): void {
    const connection = this.#connections.get(data);
    if (connection === undefined) return;
    this.#connections.delete(data);
    void connection.close();
    this.down();
  }

  /**
   * Takes every cache down now, even when every connection is up (the client's topology
   * changed), then up again if everything is tracked.
   */
  down(): void {
    this.#up = false;
    for (const listener of this.#listeners) listener.down();
    this.changed();
  }

  /** Recomputes whether every connection is up; tells the caches on a change. */
  changed(): void {
    let up = !this.#closed && this.#connections.size > 0 && (this.#driver.complete?.() ?? true);
    for (const connection of this.#connections.values()) up &&= connection.up;
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

// A connection redirects its invalidations to one client only: every storage on one client
// shares that client's hub.
const shared = new WeakMap<object, TrackingHub<unknown>>();

/**
 * The {@link InvalidationSource} of one cache on `client`: a handle on the client's shared
 * {@link TrackingHub} (made by `makeHub` when it has none, or its last one closed), which starts
 * with the first handle subscribed and stops when the last one closes.
 */
export function sharedInvalidationSource(
  client: object,
  makeHub: () => TrackingHub<unknown>,
): InvalidationSource {
  let listener: InvalidationListener | undefined;
  let hub: TrackingHub<unknown> | undefined;
  return {
    subscribe(next) {
      listener = next;
      hub = shared.get(client);
      if (hub === undefined || hub.closed) {
        hub = makeHub();
        shared.set(client, hub);
      }
      hub.add(next);
    },
    written(key) {
      if (hub !== undefined) hub.written(key);
      else listener?.invalidate([key]);
    },
    async close() {
      if (listener === undefined || hub === undefined) return;
      const [was, from] = [listener, hub];
      listener = undefined;
      hub = undefined;
      was.down();
      await from.delete(was);
    },
  };
}
