import {
  type Did,
  SessionManager,
  type SessionMetadata,
  type SessionStorage,
} from '@coatcheck/core';
import { monitorPrefix } from './prefix-monitor.js';

/** What one manager operation made the servers do. */
export interface OperationCommands {
  /** The commands clients sent (`evalsha`, `eval`, ...), lower case, in order. */
  readonly client: readonly string[];
  /** How many commands scripts made on the server. */
  readonly lua: number;
}

/** What {@link commandsPerOperation} measures. */
export interface CommandsPerOperationOptions {
  /** The storage under test, writing under `prefix`. */
  readonly storage: SessionStorage;
  readonly prefix: string;
  /** Every master the storage may reach (one port for a standalone server). */
  readonly ports: readonly number[];
  /** Sessions the user holds when each operation runs; the create evicts at this limit. */
  readonly held: number;
  /** A user no other test uses. */
  readonly did: Did;
  /** The metadata of each new session. */
  readonly metadata: () => SessionMetadata;
}

/**
 * Runs each of the ten manager operations once on a user holding `held` sessions, with
 * `MONITOR` on every master, and reports the commands each one caused. Between two steps it
 * tops the user up again (not measured). Run it twice on one storage to see the cached
 * scripts' path only: the first run also shows the `EVAL` after each `NOSCRIPT`.
 */
export async function commandsPerOperation(
  options: CommandsPerOperationOptions,
): Promise<Record<string, OperationCommands>> {
  const { held, prefix, did, metadata } = options;
  const manager = new SessionManager({
    storage: options.storage,
    // At the limit, so the measured create evicts; touch 0, so the measured get slides.
    config: { maxSessionsPerUser: held, touchIntervalSeconds: 0 },
  });
  // A read needs the token, which only the create hands out.
  const tokens = new Map<string, string>();
  const create = async () => {
    const issued = await manager.createSession(did, metadata());
    tokens.set(issued.id, issued.token);
  };
  for (let i = 0; i < held; i++) await create();

  const monitor = await monitorPrefix(options.ports, prefix);
  const counts: Record<string, OperationCommands> = {};
  const measure = async (name: string, operation: () => Promise<unknown>) => {
    await monitor.sync();
    monitor.take();
    await operation();
    await monitor.sync();
    const lines = monitor.take();
    counts[name] = {
      client: lines.filter((line) => !line.fromLua).map((line) => line.command),
      lua: lines.filter((line) => line.fromLua).length,
    };
  };
  const refill = async () => {
    const have = (await manager.listSessions(did)).length;
    for (let i = have; i < held; i++) await create();
    return (await manager.listSessions(did)).map((s) => s.id);
  };
  try {
    await measure('createSession (at the limit, evicting)', create);
    const target = (await refill())[0] ?? '';
    await measure('getSession (sliding)', () => manager.getSession(tokens.get(target) ?? ''));
    await measure('updateSession', () => manager.updateSession(target, { scope: ['x'] }));
    await measure('listSessions', () => manager.listSessions(did));
    let rotated = target;
    await measure('rotateSession', async () => {
      rotated = (await manager.rotateSession(target)).id;
    });
    await measure('revokeSession', () => manager.revokeSession(rotated));
    const keep = (await refill())[0] ?? '';
    await measure('revokeOtherSessions', () => manager.revokeOtherSessions(did, keep));
    await refill();
    await measure('revokeAllSessions', () => manager.revokeAllSessions(did));
    await measure('revokeToken', () => manager.revokeToken('jti-1', new Date(Date.now() + 60_000)));
    await measure('isTokenRevoked', () => manager.isTokenRevoked('jti-1'));
  } finally {
    monitor.close();
  }
  return counts;
}

/** `name: 1 client (evalsha), 4 by lua; ...`, for a test's log. */
export function formatCommandCounts(counts: Record<string, OperationCommands>): string {
  return Object.entries(counts)
    .map(
      ([name, c]) => `${name}: ${c.client.length} client (${c.client.join(',')}), ${c.lua} by lua`,
    )
    .join('; ');
}
