import type { DurableScriptRunner } from '@coatcheck/redis';
import { clientFailure } from './client-errors.js';
import type { NodeRedisClient, ScriptOptions } from './node-redis-client.js';
import { createNodeRedisRunner } from './node-redis-runner.js';
import { normalizeReply } from './replies.js';

type SendCommand = {
  sendCommand(...args: unknown[]): Promise<unknown>;
};

/** A node-redis cluster (it has masters) rather than a single client. */
function isCluster(client: NodeRedisClient): boolean {
  return 'masters' in (client as object);
}

/**
 * A {@link DurableScriptRunner} over node-redis: `EVALSHA` and `WAIT` issued in the same tick,
 * which node-redis writes back to back on one connection (on a cluster, `WAIT` is routed by
 * the script's first key to the same master), so both cost one round trip.
 *
 * @remarks
 * When `EVALSHA` does not succeed at once (`NOSCRIPT`, a dropped connection), the first `WAIT`
 * may have run before the script did: the script then goes through the ordinary runner (`EVAL`
 * fallback, one re-send) and a second `WAIT` follows it.
 */
export function createNodeRedisDurableRunner(client: NodeRedisClient): DurableScriptRunner {
  const run = createNodeRedisRunner(client);
  const sender = client as unknown as SendCommand;
  const wait = (key: string | undefined, args: string[]): Promise<unknown> =>
    isCluster(client) ? sender.sendCommand(key, false, args) : sender.sendCommand(args);
  return async (script, keys, args, durability) => {
    const options: ScriptOptions = { keys: keys as string[], arguments: args.map(String) };
    const waitArgs = ['WAIT', String(durability.replicas), String(durability.timeoutMs)];
    const first = client.evalSha(script.sha1, options).then(
      (reply) => ({ ok: true as const, reply: normalizeReply(reply) }),
      () => ({ ok: false as const }),
    );
    const firstWait = wait(keys[0], waitArgs).catch((error: unknown) => error);
    const [scripted, waited] = await Promise.all([first, firstWait]);
    if (scripted.ok) {
      if (waited instanceof Error) throw clientFailure(waited);
      return { reply: scripted.reply, replicas: Number(waited) };
    }
    const reply = await run(script, keys, args);
    const replicas = await wait(keys[0], waitArgs).catch((error: unknown) => {
      throw clientFailure(error);
    });
    return { reply, replicas: Number(replicas) };
  };
}
