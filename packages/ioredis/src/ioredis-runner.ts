import type { DurableScriptRunner, RedisScript, ScriptRunner } from '@coatcheck/redis';
import { SCRIPTS } from '@coatcheck/redis';
import type { ChainableCommander, Cluster, Redis } from 'ioredis';

type ScriptCommand = (...keysAndArgs: (string | number)[]) => Promise<unknown>;

/**
 * The command name a script gets on the client. The SHA1 in it keeps two coatcheck versions
 * sharing one client (during a deploy, or two copies in one bundle) from replacing each
 * other's scripts.
 */
export function commandName(script: RedisScript): string {
  return `coatcheck_${script.name}_${script.sha1.slice(0, 12)}`;
}

/**
 * ioredis attaches the failed command to a `ReplyError` (`error.command.args`): keys, session
 * fields, operation ids, the secret's hash. Drop it, so that the error kept as
 * `StorageError.cause` holds nothing an application should not log.
 */
function scrub(error: unknown): never {
  if (typeof error === 'object' && error !== null && 'command' in error) {
    delete (error as { command?: unknown }).command;
  }
  throw error;
}

/** Defines every script on `client` once (idempotent) and returns the command names by script. */
function defineScripts(client: Redis | Cluster): Map<RedisScript, string> {
  const commands = client as unknown as Record<string, ScriptCommand | undefined>;
  const names = new Map<RedisScript, string>();
  for (const script of Object.values(SCRIPTS)) {
    const name = commandName(script);
    // Defining again would be harmless but wasteful; the name is unique per script version.
    if (typeof commands[name] !== 'function') {
      client.defineCommand(name, { numberOfKeys: script.numberOfKeys, lua: script.script });
    }
    names.set(script, name);
  }
  return names;
}

/**
 * A {@link ScriptRunner} over an ioredis `Redis` or `Cluster`. Each script is registered once
 * per client with `defineCommand`, which sends `EVALSHA` and falls back to `EVAL` on
 * `NOSCRIPT` only (a restarted or failed-over server); on a Cluster this happens per node.
 *
 * @example
 * ```ts
 * const run = createIoRedisRunner(new Redis());
 * await run(SCRIPTS.isTokenRevoked, ['coatcheck:t:abc'], [Date.now()]);
 * ```
 */
export function createIoRedisRunner(client: Redis | Cluster): ScriptRunner {
  const commands = client as unknown as Record<string, ScriptCommand>;
  // Looked up once: the runner sits on every request's path.
  const byScript = new Map<RedisScript, ScriptCommand>();
  for (const [script, name] of defineScripts(client)) byScript.set(script, commands[name]!);
  return (script, keys, args) => {
    const command = byScript.get(script);
    if (command === undefined)
      return Promise.reject(new Error(`script ${script.name} is not defined`));
    return command.call(client, ...keys, ...args).catch(scrub);
  };
}

/**
 * A {@link DurableScriptRunner} over ioredis: the script and `WAIT` in one pipeline, so both go
 * to the same connection in one round trip (on a Cluster, to the node that owns the key's
 * slot, since the pipeline is routed by the script's key).
 */
export function createIoRedisDurableRunner(client: Redis | Cluster): DurableScriptRunner {
  const names = defineScripts(client);
  return async (script, keys, args, durability) => {
    const name = names.get(script);
    if (name === undefined) throw new Error(`script ${script.name} is not defined`);
    const pipeline = client.pipeline() as unknown as Record<string, ScriptCommand> &
      ChainableCommander;
    (pipeline[name] as ScriptCommand).call(pipeline, ...keys, ...args);
    pipeline.wait(durability.replicas, durability.timeoutMs);
    const results = await pipeline.exec().catch(scrub);
    if (results === null || results.length !== 2) throw new Error('the pipeline was discarded');
    const [[scriptError, reply], [waitError, replicas]] = results as [
      [Error | null, unknown],
      [Error | null, unknown],
    ];
    if (scriptError) scrub(scriptError);
    if (waitError) scrub(waitError);
    return { reply, replicas: typeof replicas === 'number' ? replicas : -1 };
  };
}

/** `CONFIG GET maxmemory-policy` on every primary the client knows (one for a plain client). */
export function evictionPolicyReader(client: Redis | Cluster): () => Promise<readonly string[]> {
  return async () => {
    const nodes =
      'nodes' in client && typeof client.nodes === 'function' && client.isCluster
        ? client.nodes('master')
        : [client as Redis];
    const replies = await Promise.all(nodes.map((node) => node.config('GET', 'maxmemory-policy')));
    return replies.map((reply) => String((reply as unknown[])[1] ?? ''));
  };
}
