/**
 * What a {@link InvalidationSource} tells the cache. Every call is synchronous and cheap; the
 * source calls them in the order its connection delivered the events.
 */
export interface InvalidationListener {
  /**
   * These keys (as coatcheck names them, without a client-side key prefix) changed or were
   * deleted on the server; `null` when every key may have changed (`FLUSHALL`, a table
   * overflow on the server).
   */
  invalidate(keys: readonly string[] | null): void;
  /**
   * Invalidations may be lost from now on (a connection closed, tracking is being set up
   * again): the cache empties itself and serves nothing until {@link InvalidationListener.up}.
   */
  down(): void;
  /**
   * Every connection that reads for the storage is tracked again and every invalidation from
   * now on will be delivered: the cache may fill again, from reads sent after this call.
   */
  up(): void;
}

/**
 * Where a Redis adapter's cache learns that keys changed: Redis client-side tracking, set up
 * the way the adapter's client can do it (ioredis: `CLIENT TRACKING on REDIRECT` to a RESP2
 * connection subscribed to `__redis__:invalidate`; a client that handles RESP3 push messages
 * can use its own connection).
 *
 * @remarks
 * The contract a source must keep, since the cache's coherence rests on it:
 * - it starts in the down state and calls `up()` only once every connection the storage reads
 *   through has tracking enabled towards a subscriber that is ready to deliver;
 * - any event after which an invalidation might be missed (either connection closed, a
 *   subscriber reconnected under a new client id, tracking re-enabled) calls `down()` first,
 *   before any read sent on a new connection can resolve;
 * - each invalidation is delivered after the write it reports has run on the server.
 *
 * @example
 * ```ts
 * const source: InvalidationSource = {
 *   subscribe(listener) {
 *     myTracking.on('invalidate', (keys) => listener.invalidate(keys));
 *     myTracking.on('lost', () => listener.down());
 *     myTracking.on('ready', () => listener.up());
 *   },
 *   close: () => myTracking.close(),
 * };
 * ```
 */
export interface InvalidationSource {
  /** Starts tracking and delivering events to `listener`; called once, by the storage. */
  subscribe(listener: InvalidationListener): void;
  /** Stops tracking and closes the connections the source opened; idempotent. */
  close(): Promise<void>;
  /**
   * Called once a write through the storage settled, before its caller hears of it: a source
   * shared by several caches (several storages on one client) drops `key` from each of them
   * at once, so that none serves the old state after a write made in this process. Without
   * it, only the writing storage's cache drops the key at once.
   */
  written?(key: string): void;
}
