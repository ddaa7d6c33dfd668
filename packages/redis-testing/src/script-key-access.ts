import { randomUUID } from 'node:crypto';
import type { ClusterRef } from './cluster-slots.js';
import {
  groupScriptCalls,
  type MonitorLine,
  parseMonitorLine,
  type ScriptCallLines,
} from './monitor-line.js';
import { RespConnection } from './resp-client.js';
import { RespReplyError } from './resp-parser.js';

/** A command a script ran, with the keys `COMMAND GETKEYS` finds in it. */
export interface ScriptCommand {
  /** The command name, lower-cased as scripts usually write it. */
  readonly name: string;
  /** Every key the command names, in its argument order. */
  readonly keys: readonly string[];
}

/** One script call (`EVAL`, `EVALSHA`, `FCALL` and their `_RO` forms) and what it touched. */
export interface ScriptCall {
  /** The port of the server that ran it. */
  readonly port: number;
  /** `EVALSHA`, upper-cased. */
  readonly command: string;
  /** The SHA1 (`EVALSHA`), the function name (`FCALL`) or the source (`EVAL`). */
  readonly script: string;
  /** The keys the call declared (`KEYS[]`). */
  readonly declaredKeys: readonly string[];
  /** The commands the script ran, in order. */
  readonly commands: readonly ScriptCommand[];
  /** Keys the script touched without declaring them (empty when the call kept the rule). */
  readonly undeclaredKeys: readonly string[];
}

/** What {@link recordScriptKeyAccess} saw. */
export interface ScriptKeyReport<T = unknown> {
  /** What `run()` resolved with. */
  readonly result: T;
  /** Every script call made while `run()` ran, in order (per node on a cluster). */
  readonly calls: readonly ScriptCall[];
  /** The calls that touched an undeclared key. */
  readonly violations: readonly ScriptCall[];
}

const WAIT_MS = 5000;

interface Recorder {
  stop(): Promise<ScriptCall[]>;
}

async function startRecorder(port: number): Promise<Recorder> {
  const monitor = await RespConnection.open(port, WAIT_MS);
  const control = await RespConnection.open(port, WAIT_MS);
  const lines: MonitorLine[] = [];
  let onLine: ((line: MonitorLine) => void) | undefined;
  monitor.onUnsolicited = (value) => {
    const line = parseMonitorLine(String(value));
    if (!line) return;
    lines.push(line);
    onLine?.(line);
  };
  const seen = (test: (line: MonitorLine) => boolean, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      if (lines.some(test)) return resolve();
      const timer = setTimeout(() => reject(new Error(`MONITOR on ${port}: no ${what}`)), WAIT_MS);
      onLine = (line) => {
        if (!test(line)) return;
        clearTimeout(timer);
        onLine = undefined;
        resolve();
      };
    });
  const nonce = randomUUID();
  const says = (line: MonitorLine, word: string) => line.args.some((a) => a.toString() === word);
  const close = (): void => {
    monitor.close();
    control.close();
  };
  try {
    const info = String(await control.send('CLIENT', 'INFO'));
    const self = /addr=(\S+)/.exec(info)?.[1] ?? '';
    await monitor.send('MONITOR');
    // A probe tells in which order this server writes a script and its commands.
    await control.send('EVAL', "return redis.call('echo', ARGV[1])", 0, nonce);
    await seen((line) => line.source === 'lua' && says(line, nonce), 'probe command');
    await seen((line) => line.source === self && says(line, nonce), 'probe call');
    const probeAt = lines.findIndex((line) => line.source === self);
    const luaFirst = lines.findIndex((line) => line.source === 'lua') < probeAt;
    lines.length = 0;
    return {
      async stop() {
        try {
          await control.send('ECHO', nonce);
          await seen((line) => line.source === self && says(line, nonce), 'end marker');
          const theirs = lines.filter((line) => line.source !== self);
          const calls = groupScriptCalls(theirs, luaFirst);
          return await Promise.all(calls.map((call) => describeCall(control, port, call)));
        } finally {
          close();
        }
      },
    };
  } catch (error) {
    close();
    throw error;
  }
}

/**
 * The keys a command touches, as the server itself resolves them with `COMMAND GETKEYS`
 * (which knows every command's key positions, `MSET`'s and `ZUNIONSTORE`'s too). A command
 * with no key arguments (`TIME`, `PING`) touches none; Redis answers those with an error.
 */
async function findKeysCommandTouches(
  control: RespConnection,
  args: readonly Buffer[],
): Promise<string[]> {
  try {
    const keys = await control.send('COMMAND', 'GETKEYS', ...args);
    return (keys as unknown[]).map(String);
  } catch (error) {
    if (error instanceof RespReplyError) return [];
    throw error;
  }
}

async function describeCall(
  control: RespConnection,
  port: number,
  call: ScriptCallLines,
): Promise<ScriptCall> {
  const [name, script, count, ...rest] = call.line.args.map((arg) => arg.toString('utf8'));
  const declaredKeys = rest.slice(0, Number(count));
  const declared = new Set(declaredKeys);
  const commands: ScriptCommand[] = [];
  const undeclared = new Set<string>();
  for (const line of call.lua) {
    const keys = await findKeysCommandTouches(control, line.args);
    commands.push({ name: line.args[0]?.toString('utf8').toLowerCase() ?? '', keys });
    for (const key of keys) if (!declared.has(key)) undeclared.add(key);
  }
  return {
    port,
    command: (name ?? '').toUpperCase(),
    script: script ?? '',
    declaredKeys,
    commands,
    undeclaredKeys: [...undeclared],
  };
}

/** Runs `run` and returns a function that gives its result or throws its error. */
async function settle<T>(run: () => Promise<T>): Promise<() => T> {
  try {
    const value = await run();
    return () => value;
  } catch (error) {
    return () => {
      throw error;
    };
  }
}

function report<T>(result: T, calls: ScriptCall[]): ScriptKeyReport<T> {
  return { result, calls, violations: calls.filter((call) => call.undeclaredKeys.length > 0) };
}

/**
 * Watches the server on `port` with `MONITOR` while `run()` executes, and reports every script
 * call clients made: the keys it declared, the commands the script ran (`MONITOR` shows them as
 * lines from `lua`) with the keys `COMMAND GETKEYS` finds in each, and any key touched without
 * being declared. A script that derives a key name from `ARGV` shows up in `violations`.
 *
 * @example
 * ```ts
 * const { violations } = await recordScriptKeyAccess(redis.port, () => exerciseEveryScript());
 * expect(violations).toEqual([]);
 * ```
 */
export async function recordScriptKeyAccess<T>(
  port: number,
  run: () => Promise<T>,
): Promise<ScriptKeyReport<T>> {
  const recorder = await startRecorder(port);
  const outcome = await settle(run);
  const calls = await recorder.stop();
  return report(outcome(), calls);
}

/** {@link recordScriptKeyAccess} on every master of a cluster at once; calls are per node. */
export async function recordClusterScriptKeyAccess<T>(
  cluster: ClusterRef,
  run: () => Promise<T>,
): Promise<ScriptKeyReport<T>> {
  const recorders: Recorder[] = [];
  try {
    for (const node of cluster.nodes) recorders.push(await startRecorder(node.port));
  } catch (error) {
    await Promise.allSettled(recorders.map((recorder) => recorder.stop()));
    throw error;
  }
  const outcome = await settle(run);
  const calls = (await Promise.all(recorders.map((recorder) => recorder.stop()))).flat();
  return report(outcome(), calls);
}
