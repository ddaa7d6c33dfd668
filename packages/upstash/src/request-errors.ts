/**
 * An error Redis answered for one script of a batch (`ERR ...`, `NOSCRIPT ...`,
 * `WRONGTYPE ...`): it fails that operation only, never the others sent with it.
 */
export class RedisReplyError extends Error {
  override readonly name = 'RedisReplyError';

  /**
   * Whether Redis lacks the script (`NOSCRIPT No matching script. Please use EVAL.`). Only the
   * start of the text is matched: an argument that happens to contain the word, quoted further
   * on in the message, must not trigger a second run.
   */
  get isNoScript(): boolean {
    return /^(ERR )?NOSCRIPT\b/.test(this.message);
  }
}

/**
 * A request that failed as a whole (timeout, network error, HTTP error, unreadable reply):
 * every operation it carried fails with one of these.
 *
 * Built from the client's error rather than passing it on: `@upstash/redis` appends the whole
 * request body to its HTTP errors (`..., command was: [...]`), which holds the keys and
 * arguments of every script in the batch (session ids, token ids, user agents). The client's
 * error is not kept as `cause` and never modified either: a `DOMException` (what
 * `AbortSignal.timeout()` rejects with) has a read-only `message`, and the error may be shared
 * with other code.
 */
export class UpstashRequestError extends Error {
  override readonly name = 'UpstashRequestError';
}

const MAX_TEXT = 300;

/**
 * What the client quotes that may hold ids or tokens, up to the end of the text: the request
 * body (`..., command was: [...]`), and the start of a response body it could not parse (a
 * truncated reply holds records and ids).
 */
const QUOTED = /(,?\s*command was:|(?<=Unable to parse response body):)[\s\S]*$/i;

/** A property of a foreign value as text, or `''`; a throwing getter is not our failure. */
function textOf(value: unknown, key: 'name' | 'message'): string {
  try {
    const text = (value as Record<string, unknown> | null)?.[key];
    return typeof text === 'string' ? text : '';
  } catch {
    return '';
  }
}

function causeOf(error: object): unknown {
  try {
    return (error as { cause?: unknown }).cause;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error).replace(QUOTED, '');
  const message = textOf(error, 'message').replace(QUOTED, '');
  const name = textOf(error, 'name') || 'Error';
  // fetch's `TypeError: fetch failed` says why only in its cause (`connect ECONNREFUSED ...`).
  // Other causes are left out: a JSON parse error's quotes the reply.
  const why = name === 'TypeError' ? textOf(causeOf(error), 'message').replace(QUOTED, '') : '';
  return why ? `${name}: ${message} (${why})` : `${name}: ${message}`;
}

/**
 * The failure of a whole request as an {@link UpstashRequestError} that keeps what happened
 * (`TimeoutError: The operation was aborted due to timeout`, `UpstashError: Unauthorized`,
 * `TypeError: fetch failed (connect ECONNREFUSED ...)`) without the command text.
 */
export function requestFailure(error: unknown): UpstashRequestError {
  return new UpstashRequestError(describe(error).slice(0, MAX_TEXT));
}
