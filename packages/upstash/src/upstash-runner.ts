import { InvalidArgumentError } from '@coatcheck/core';
import type { RedisScript, ScriptRunner } from '@coatcheck/redis';
import type { Redis } from '@upstash/redis';

/** The HTTP layer inside an `@upstash/redis` client (its public `Requester` interface). */
interface Requester {
  request(req: { body: unknown }): Promise<{ result?: unknown; error?: string }>;
}

/**
 * The client's `Requester`: the object that turns one command into one HTTP request (bearer
 * token, `Upstash-Encoding: base64` decoding, the client's retry and `signal` settings, any
 * middleware added with `redis.use()`).
 *
 * Going through it rather than `redis.evalsha()` is what keeps replies raw: the command methods
 * JSON-parse every reply when `automaticDeserialization` is on (the default), which turns a
 * stored `"123"` into `123` and `'["a"]'` into an array, and the option exists only per client,
 * not per command. It also bypasses auto-pipelining, so each operation is exactly one request.
 */
function requesterOf(client: Redis): Requester {
  const requester = (client as unknown as { client?: Partial<Requester> } | null)?.client;
  if (typeof requester?.request !== 'function') {
    throw new InvalidArgumentError('client', 'must be a Redis client from @upstash/redis');
  }
  return requester as Requester;
}

/**
 * `@upstash/redis` reports a failed HTTP request as `<server error>, command was: [...]`,
 * quoting every key and argument: session ids, token ids, user agents. Cut that tail from the
 * message and the stack, so that the error kept as `StorageError.cause` is as safe to log as the
 * `StorageError` itself.
 */
function scrub(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const cut = (text: string): string => text.replace(/,?\s*command was:[^\n]*/gi, '');
  error.message = cut(error.message);
  if (typeof error.stack === 'string') error.stack = cut(error.stack);
  return error;
}

/** The error text Redis sent, without the quoted command the client appends. */
function serverText(error: unknown): string {
  return error instanceof Error ? (error.message.split(/,?\s*command was:/i)[0] ?? '') : '';
}

/**
 * Redis puts the error code first: `NOSCRIPT No matching script. Please use EVAL.` Matching the
 * start only (never the whole message) keeps an argument that happens to contain the word from
 * triggering a second run.
 */
function isNoScript(error: unknown): boolean {
  return /^(ERR )?NOSCRIPT\b/.test(serverText(error));
}

/** Whether a reply is a RESP2 value: a string, a number, null, or an array of those. */
function isResp2(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'number') return true;
  return Array.isArray(value) && value.every(isResp2);
}

async function send(requester: Requester, body: readonly (string | number)[]): Promise<unknown> {
  const reply = await requester.request({ body });
  if (typeof reply !== 'object' || reply === null) throw new Error('unreadable reply');
  if (reply.error !== undefined && reply.error !== null) throw new Error(String(reply.error));
  if (!('result' in reply) || !isResp2(reply.result)) {
    throw new Error('unreadable reply: no RESP2 result');
  }
  return reply.result;
}

/**
 * A {@link ScriptRunner} for an `@upstash/redis` client: `EVALSHA` in one HTTP request, and,
 * only when Redis answers `NOSCRIPT` (the script is not cached on that server yet), the same
 * call as `EVAL` in a second one. Any other failure rejects at once: the script may have run.
 *
 * Replies come back exactly as Redis sent them (strings stay strings), whatever the client's
 * `automaticDeserialization` setting.
 *
 * @throws InvalidArgumentError (field `client`) when `client` is not an `@upstash/redis` client.
 *
 * @example
 * ```ts
 * const run = createUpstashRunner(Redis.fromEnv());
 * const reply = await run(SCRIPTS.get, keys, args);
 * ```
 */
export function createUpstashRunner(client: Redis): ScriptRunner {
  const requester = requesterOf(client);
  return async (
    script: RedisScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ) => {
    // Numbers go as decimal text, as Redis receives them from any client.
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      try {
        return await send(requester, ['evalsha', script.sha1, ...tail]);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return await send(requester, ['eval', script.script, ...tail]);
      }
    } catch (error) {
      throw scrub(error);
    }
  };
}
