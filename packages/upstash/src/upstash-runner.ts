import type { ScriptRunner } from '@coatcheck/redis';
import type { Redis, Requester } from '@upstash/redis';
import { requesterOf } from './client-requester.js';
import { PipelineBatcher } from './pipeline-batcher.js';
import { RedisReplyError } from './request-errors.js';

// One batcher per HTTP layer: every storage (and runner) on one client shares its requests.
const batchers = new WeakMap<Requester, PipelineBatcher>();

function batcherOf(client: Redis): PipelineBatcher {
  const requester = requesterOf(client);
  let batcher = batchers.get(requester);
  if (batcher === undefined) {
    batcher = new PipelineBatcher(requester);
    batchers.set(requester, batcher);
  }
  return batcher;
}

/**
 * A {@link ScriptRunner} for an `@upstash/redis` client. Each call is one `EVALSHA`; the calls
 * issued together (within a few microtask turns, no timer) share one `/pipeline` request,
 * and a lone call is a request of its own. Each script still runs atomically on its own, and
 * each call gets its own reply: an error Redis answers for one script rejects that call only.
 * Only when Redis answers `NOSCRIPT` (the script is not cached on that server yet) is that
 * call sent again, once, as `EVAL`, batched with the other calls of the moment. Any other
 * failure rejects at once: the script may have run.
 *
 * Replies come back exactly as Redis sent them (strings stay strings), whatever the client's
 * `automaticDeserialization` setting. Failed requests reject with an error that names what
 * happened (`TimeoutError: ...`) without the keys and arguments the client quotes.
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
  const batcher = batcherOf(client);
  return (script, keys, args) => {
    // Numbers go as decimal text, as Redis receives them from any client.
    const command = ['evalsha', script.sha1, String(keys.length), ...keys, ...args.map(String)];
    return batcher.send(command).catch((error: unknown) => {
      if (!(error instanceof RedisReplyError) || !error.isNoScript) throw error;
      const withScript = command.slice();
      withScript[0] = 'eval';
      withScript[1] = script.script;
      return batcher.send(withScript);
    });
  };
}
