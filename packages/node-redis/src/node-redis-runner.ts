import type { ScriptRunner } from '@coatcheck/redis';
import { clientFailure, isNoScript, shouldResend } from './client-errors.js';
import type { NodeRedisClient, ScriptOptions } from './node-redis-client.js';
import { normalizeReply } from './replies.js';

/**
 * A {@link ScriptRunner} over a node-redis client or cluster: `EVALSHA`, then `EVAL` only on a
 * `NOSCRIPT` reply (a restarted or failed-over server, or a node that never ran the script).
 * Replies come back in the RESP2 shape whichever protocol the client speaks.
 *
 * @remarks
 * node-redis rejects the commands in flight when a connection drops instead of sending them
 * again. The runner then sends the script once more (queued by node-redis until it has
 * reconnected): a re-sent script returns the first run's outcome, so the operation ends with a
 * known result instead of an unknown one. No other failure is retried, a reply error least of
 * all. Errors with an empty message are described (see `NodeRedisClientError`).
 *
 * @example
 * ```ts
 * const run = createNodeRedisRunner(await createClient().connect());
 * await run(SCRIPTS.isTokenRevoked, ['coatcheck:t:abc'], [Date.now()]);
 * ```
 */
export function createNodeRedisRunner(client: NodeRedisClient): ScriptRunner {
  return (script, keys, args) => {
    // node-redis only reads the arrays, so the keys go in as they are.
    const options: ScriptOptions = { keys: keys as string[], arguments: args.map(String) };
    const send = (attempt: number): Promise<unknown> =>
      client
        .evalSha(script.sha1, options)
        .then(normalizeReply, (error: unknown): Promise<unknown> => {
          if (isNoScript(error)) {
            return client
              .eval(script.script, options)
              .then(normalizeReply, (again: unknown) =>
                shouldResend(again, attempt)
                  ? send(attempt + 1)
                  : Promise.reject(clientFailure(again)),
              );
          }
          if (shouldResend(error, attempt)) return send(attempt + 1);
          return Promise.reject(clientFailure(error));
        });
    return send(1);
  };
}
