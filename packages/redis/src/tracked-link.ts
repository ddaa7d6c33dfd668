/**
 * The tracking state of one data connection and the subscriber it redirects to, for an
 * adapter's client glue: up only between the `OK` of `CLIENT TRACKING on REDIRECT <id>` and
 * the next loss of either side.
 *
 * @remarks
 * A new data connection is untracked until tracking is enabled on it again, and a new
 * subscriber has a new client id to redirect to: the glue reports every such event
 * ({@link TrackedLink.lost}, {@link TrackedLink.subscriberLost}) and every chance to enable
 * ({@link TrackedLink.subscribed}, {@link TrackedLink.enable}). A generation number makes an
 * answer that arrives after a loss count for nothing.
 */
export class TrackedLink {
  readonly #enableOn: (subscriberId: string) => Promise<unknown>;
  readonly #changed: () => void;
  #generation = 0;
  #subscribers = 0;
  #subscriberId: string | undefined;
  #up = false;
  #closed = false;

  /**
   * @param enableOn - sends `CLIENT TRACKING on REDIRECT <subscriberId>` on the data
   * connection; rejects when it is not connected or the server refused.
   * @param changed - called whenever {@link TrackedLink.up} changes.
   */
  constructor(enableOn: (subscriberId: string) => Promise<unknown>, changed: () => void) {
    this.#enableOn = enableOn;
    this.#changed = changed;
  }

  /** Whether reads on the data connection are tracked and their invalidations delivered. */
  get up(): boolean {
    return this.#up;
  }

  /**
   * Counts lost subscribers: read it before setting one up, and pass it to
   * {@link TrackedLink.subscribed}, so that an id from a subscriber lost meanwhile is ignored.
   */
  get subscriberGeneration(): number {
    return this.#subscribers;
  }

  /**
   * The subscriber is subscribed under client id `id` and none was lost since
   * `subscriberGeneration` was read: tracking is enabled towards it.
   */
  subscribed(id: string, subscriberGeneration: number): Promise<void> {
    if (this.#closed || subscriberGeneration !== this.#subscribers) return Promise.resolve();
    this.#subscriberId = id;
    return this.enable();
  }

  /** The subscriber closed: nothing redirects to it any more. */
  subscriberLost(): void {
    this.#subscribers++;
    this.#subscriberId = undefined;
    this.lost();
  }

  /** Turns tracking on for the data connection (it is ready), towards the current subscriber. */
  async enable(): Promise<void> {
    const id = this.#subscriberId;
    if (id === undefined || this.#closed) return;
    const generation = this.#generation;
    try {
      await this.#enableOn(id);
    } catch {
      // Not connected, or refused: stay down; the next ready of either side tries again.
      return;
    }
    if (generation !== this.#generation || this.#closed || this.#subscriberId !== id) return;
    if (this.#up) return;
    this.#up = true;
    this.#changed();
  }

  /** Invalidations may be lost from now on (the data connection closed or errored). */
  lost(): void {
    this.#generation++;
    const was = this.#up;
    this.#up = false;
    if (was) this.#changed();
  }

  /** Down for good. */
  close(): void {
    this.#closed = true;
    this.#subscriberId = undefined;
    this.lost();
  }
}
