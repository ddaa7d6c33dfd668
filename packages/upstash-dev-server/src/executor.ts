import { type Redis, ReplyError } from 'ioredis';
import { encodeReply, type RestValue } from './encoding.js';
import type { Endpoint } from './protocol.js';

/** One entry of a `/pipeline` or `/multi-exec` reply. */
export type RestReply = { result: RestValue } | { error: string };

/** What a request is answered with: an HTTP status and a JSON body. */
export interface RestResponse {
  readonly status: number;
  readonly body: RestReply | RestReply[];
}

/** An error Redis answered (`ERR ...`, `NOSCRIPT ...`, `WRONGTYPE ...`), as opposed to a broken connection. */
function isReplyError(error: unknown): error is Error {
  return error instanceof ReplyError;
}

function toEntry(error: unknown, reply: unknown, base64: boolean): RestReply {
  if (error) return { error: error instanceof Error ? error.message : String(error) };
  return { result: encodeReply(reply, base64) };
}

/**
 * Runs parsed commands on Redis and shapes the answer the way Upstash does: `{result}` (200) or
 * `{error}` (400) for one command; for a pipeline or a transaction, 200 with one `{result}` or
 * `{error}` per command, in order. Redis's error text is passed through unchanged, so clients
 * can match on `NOSCRIPT` and the like. A failure that is not a Redis reply (connection lost)
 * answers 500.
 */
export async function execute(
  redis: Redis,
  endpoint: Endpoint,
  commands: [string, ...string[]][],
  base64: boolean,
): Promise<RestResponse> {
  try {
    if (endpoint === 'single') {
      const [name, ...args] = commands[0]!;
      const reply = await redis.callBuffer(name, ...args);
      return { status: 200, body: { result: encodeReply(reply, base64) } };
    }
    if (endpoint === 'pipeline' && commands.length === 1) {
      // The same answer without an ioredis pipeline object, whose set-up costs about 15 µs: a
      // lone command is what auto-pipelining clients send at low load.
      const [name, ...args] = commands[0]!;
      const entry = await redis.callBuffer(name, ...args).then(
        (reply) => toEntry(null, reply, base64),
        (error: unknown) => {
          if (isReplyError(error)) return toEntry(error, null, base64);
          throw error;
        },
      );
      return { status: 200, body: [entry] };
    }
    // A pipeline runs its commands in order on one connection; `multi-exec` wraps them in
    // MULTI/EXEC, so Redis runs them with nothing in between.
    const batch = endpoint === 'multi-exec' ? redis.multi() : redis.pipeline();
    for (const [name, ...args] of commands) batch.callBuffer(name, ...args);
    const replies = (await batch.exec()) ?? [];
    return { status: 200, body: replies.map(([error, reply]) => toEntry(error, reply, base64)) };
  } catch (error) {
    // EXECABORT (a command of a transaction was rejected while queued) lands here too.
    if (isReplyError(error)) return { status: 400, body: { error: error.message } };
    const message = error instanceof Error ? error.message : String(error);
    return { status: 500, body: { error: `ERR upstash-dev-server: ${message}` } };
  }
}
