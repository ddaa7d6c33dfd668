import { randomUUID } from 'node:crypto';
import type { Did, Logger, SessionManagerConfig } from '@coatcheck/core';
import Keyv from 'keyv';
import { expect } from 'vitest';
import { KeyvStorage } from '../../src/index.js';
import { CrashingKeyv } from './crashing-keyv.js';
import { TrackedManager } from './tracked-manager.js';

/** A log line recorded by {@link recordingLogger}. */
export interface Line {
  readonly level: keyof Logger;
  readonly message: string;
  readonly context: Record<string, unknown> | undefined;
}

/** A logger that keeps every line. */
export function recordingLogger(lines: Line[]): Logger {
  const at =
    (level: keyof Logger) =>
    (message: string, context?: Record<string, unknown>): void => {
      lines.push({ level, message, context });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const CONFIG = {
  maxSessionsPerUser: 3,
  sessionExpirationSeconds: 3600,
  revokedRetentionSeconds: 60,
  touchIntervalSeconds: 0,
} satisfies SessionManagerConfig;

export const META = { ipAddress: '203.0.113.7', userAgent: 'test-agent' };

/**
 * One Keyv in-memory store seen by two "processes": `good`, a manager on a healthy adapter,
 * and `bad`, a manager whose adapter goes through a {@link CrashingKeyv}.
 */
export function world(config: SessionManagerConfig = CONFIG) {
  const map = new Map<string, unknown>();
  const inner = new Keyv({ store: map });
  const prefix = `t-${randomUUID()}:`;
  const crashing = new CrashingKeyv(inner);
  const lines: Line[] = [];
  const logger = recordingLogger(lines);
  const tokens = new Map<string, string>();
  const good = new TrackedManager(
    { storage: new KeyvStorage(inner, { keyPrefix: prefix }), config, logger },
    tokens,
  );
  const bad = new TrackedManager(
    { storage: new KeyvStorage(crashing, { keyPrefix: prefix }), config, logger },
    tokens,
  );
  const did = `did:plc:${randomUUID().replaceAll('-', '')}` as Did;
  /** Ids of every session record in the store (live or revoked). */
  const storedIds = (): string[] =>
    [...map.keys()]
      .filter((key) => key.startsWith(`${prefix}s:`))
      .map((key) => key.slice(prefix.length + 2));
  return { map, inner, prefix, crashing, good, bad, did, lines, storedIds };
}

/** Every session readable through `manager` is in its user's list. */
export async function expectReadableAreListed(
  manager: TrackedManager,
  did: Did,
  ids: readonly string[],
): Promise<string[]> {
  const listed = new Set((await manager.listSessions(did)).map((s) => s.id));
  const readable: string[] = [];
  for (const id of new Set(ids)) {
    // A session whose create crashed before it returned has no token anyone could present.
    if (!manager.tokens.has(id)) continue;
    // touchIntervalSeconds is 0, so this read also writes: list first.
    if (await manager.read(id)) readable.push(id);
  }
  expect(
    readable.filter((id) => !listed.has(id)),
    'live sessions missing from the index',
  ).toEqual([]);
  return readable;
}
