import type { RedisScript, ScriptRunner } from '@coatcheck/redis';
import { SCRIPTS } from '@coatcheck/redis';
import type { Cluster, Redis } from 'ioredis';

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
 * A {@link ScriptRunner} over an ioredis `Redis` or `Cluster`. Each script is registered once
 * per client with `defineCommand`, which sends `EVAL` the first time on each connection and
 * `EVALSHA` after that, falling back to `EVAL` on `NOSCRIPT` only (a restarted or failed-over
 * server); on a Cluster this happens per node connection.
 *
 * @example
 * ```ts
 * const run = createIoRedisRunner(new Redis());
 * await run(SCRIPTS.isTokenRevoked, ['coatcheck:t:abc'], [Date.now()]);
 * ```
 */
export function createIoRedisRunner(client: Redis | Cluster): ScriptRunner {
  const commands = client as unknown as Record<string, ScriptCommand | undefined>;
  // Looked up once: the runner sits on every request's path.
  const byScript = new Map<RedisScript, ScriptCommand>();
  for (const script of Object.values(SCRIPTS)) {
    const name = commandName(script);
    // Defining again would be harmless but wasteful; the name is unique per script version.
    if (typeof commands[name] !== 'function') {
      client.defineCommand(name, { numberOfKeys: script.numberOfKeys, lua: script.script });
    }
    const command = commands[name];
    if (typeof command === 'function') byScript.set(script, command);
  }
  return (script, keys, args) => {
    const command = byScript.get(script);
    if (command === undefined)
      return Promise.reject(new Error(`script ${script.name} is not defined`));
    return command.call(client, ...keys, ...args);
  };
}
