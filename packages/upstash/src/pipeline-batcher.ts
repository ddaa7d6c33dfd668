import type { Requester } from '@upstash/redis';
import { RedisReplyError, requestFailure, UpstashRequestError } from './request-errors.js';

/**
 * Most commands in one request. A batch's scripts run one after the other on the server and
 * are answered together, and a request that fails (timeout, network) fails all of them: the
 * bound keeps both small. At the Redis time the bench measures per script (about 10 µs for a
 * read, 100 µs for the heaviest, revokeAllSessions of 10 sessions), a full batch answers its
 * last script 1 to 13 ms after its first; a larger one would save little more, the cost of a
 * request being already shared 128 ways. (`@upstash/redis` auto-pipelines up to 1,000.)
 */
export const MAX_BATCH_COMMANDS = 128;

/**
 * Most characters of command text in one request (an `EVAL` fallback carries the whole
 * script). Even at 6 bytes a character (JSON escapes) this stays under Upstash's 10 MB
 * request limit; a single larger command still goes, alone.
 */
export const MAX_BATCH_CHARS = 1_000_000;

/**
 * How long a batch waits for more commands, in microtask turns (no timer: no wall-clock
 * latency, the batch goes before the event loop moves on). Operations that start together
 * reach the runner a few turns apart: each `await` between a caller's operations costs one
 * to three turns. A batch goes once {@link QUIET_TURNS} turns in a row add nothing, and
 * {@link MAX_WAIT_TURNS} turns after its first command at the latest.
 */
export const QUIET_TURNS = 4;
/** See {@link QUIET_TURNS}. */
export const MAX_WAIT_TURNS = 32;

interface Pending {
  readonly command: readonly string[];
  readonly resolve: (reply: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** Whether a reply is a RESP2 value: a string, a number, null, or an array of those. */
function isResp2(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'number') return true;
  return Array.isArray(value) && value.every(isResp2);
}

function settle(pending: Pending, reply: unknown): void {
  if (typeof reply !== 'object' || reply === null) {
    pending.reject(new UpstashRequestError('unreadable reply: not an object'));
    return;
  }
  const { result, error } = reply as { result?: unknown; error?: unknown };
  if (typeof error === 'string') pending.reject(new RedisReplyError(error));
  else if (error !== undefined && error !== null) {
    pending.reject(new UpstashRequestError('unreadable reply: an error that is not text'));
  } else if (isResp2(result)) pending.resolve(result);
  else pending.reject(new UpstashRequestError('unreadable reply: not a Redis value'));
}

/**
 * Sends the commands issued together as one `/pipeline` request through the client's
 * `Requester`, and hands each caller its own reply: a command's error rejects that command
 * only. Replies arrive as the `Requester` returns them: base64-decoded, never JSON-parsed.
 */
export class PipelineBatcher {
  readonly #requester: Requester;
  #queue: Pending[] = [];
  #chars = 0;
  #scheduled = false;
  #seen = 0;
  #quiet = 0;
  #turns = 0;

  constructor(requester: Requester) {
    this.#requester = requester;
  }

  /**
   * Queues one command; resolves with its reply, rejects with {@link RedisReplyError} when
   * Redis answered an error for it, or with {@link UpstashRequestError} when its request
   * failed.
   */
  send(command: readonly string[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let chars = 0;
      for (const part of command) chars += part.length;
      if (this.#queue.length > 0 && this.#chars + chars > MAX_BATCH_CHARS) this.#flush();
      this.#queue.push({ command, resolve, reject });
      this.#chars += chars;
      if (this.#queue.length >= MAX_BATCH_COMMANDS) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        this.#seen = this.#queue.length;
        this.#quiet = 0;
        this.#turns = 0;
        queueMicrotask(this.#wait);
      }
    });
  }

  /** One microtask turn: wait another while commands may still arrive, else send. */
  readonly #wait = (): void => {
    this.#turns += 1;
    this.#quiet = this.#queue.length > this.#seen ? 0 : this.#quiet + 1;
    this.#seen = this.#queue.length;
    if (this.#quiet < QUIET_TURNS && this.#turns < MAX_WAIT_TURNS) {
      queueMicrotask(this.#wait);
      return;
    }
    this.#scheduled = false;
    this.#flush();
  };

  #flush(): void {
    const batch = this.#queue;
    if (batch.length === 0) return;
    this.#queue = [];
    this.#chars = 0;
    this.#seen = 0;
    let sent: Promise<unknown>;
    try {
      // `resolve`: a custom Requester's plain value must not throw here, outside any caller.
      const body = batch.map((p) => p.command);
      sent = Promise.resolve(this.#requester.request({ path: ['pipeline'], body }));
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent.then(
      (replies) => {
        if (Array.isArray(replies) && replies.length === batch.length) {
          for (let i = 0; i < batch.length; i++) settle(batch[i]!, replies[i]);
          return;
        }
        for (const pending of batch) {
          pending.reject(new UpstashRequestError('unreadable reply: not one entry per command'));
        }
      },
      (error: unknown) => {
        // One error each: the operations fail together but do not share an object.
        for (const pending of batch) pending.reject(requestFailure(error));
      },
    );
  }
}
