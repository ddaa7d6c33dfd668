import {
  type Did,
  type Session,
  type SessionHooks,
  SessionManager,
  type SessionManagerConfig,
  type SessionRevokedEvent,
  type SessionStorage,
} from '@coatcheck/core';
import { afterEach, beforeEach } from 'vitest';
import { manualClock, realClock, type TestClock } from './clock.js';
import { type CountingStorage, countingStorage } from './counting-storage.js';
import { randomDid } from './fixtures.js';
import type { ConformanceOptions } from './options.js';

/** One line a manager logged during a test. */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly context: Record<string, unknown> | undefined;
}

/** Everything one test works with; rebuilt before each test. */
export interface Harness {
  /** The storage `createStorage` returned. */
  readonly raw: SessionStorage;
  /** `raw` wrapped to count calls; managers of {@link Harness.manager} use it. */
  readonly storage: CountingStorage;
  readonly clock: TestClock;
  /** A fresh user for this test. */
  readonly did: Did;
  /** Lines logged by managers of this test. */
  readonly logs: LogEntry[];
  /** Sessions reported to `onSessionCreated`, in order. */
  readonly created: Session[];
  /** Events reported to `onSessionRevoked`, in order. */
  readonly revoked: SessionRevokedEvent[];
  /**
   * A manager on {@link Harness.storage} with the test clock, a recording logger and recording
   * hooks; `hooks` run after the recording ones.
   */
  manager(config?: SessionManagerConfig, hooks?: SessionHooks): SessionManager;
  /** `inspect.recordTtlMs` at the clock's now (or `at`); undefined when no inspector was given. */
  ttl(sessionId: string, at?: number): Promise<number | null> | undefined;
  /** Ids of revoke events with `reason`, in order. */
  revokedIds(reason?: SessionRevokedEvent['reason']): string[];
}

/**
 * Registers `beforeEach`/`afterEach` hooks that build a fresh {@link Harness} (fresh storage,
 * DID, clock and recorders) for every test of the enclosing `describe`, and returns its getter.
 */
export function useHarness(options: ConformanceOptions): () => Harness {
  let current: Harness | undefined;
  beforeEach(async () => {
    const raw = await options.createStorage();
    current = buildHarness(options, raw);
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    if (done) await options.disposeStorage?.(done.raw);
  });
  return () => {
    if (!current) throw new Error('the conformance harness is only available inside a test');
    return current;
  };
}

function buildHarness(options: ConformanceOptions, raw: SessionStorage): Harness {
  const clock = options.clock === 'real' ? realClock() : manualClock();
  const storage = countingStorage(raw);
  const logs: LogEntry[] = [];
  const created: Session[] = [];
  const revoked: SessionRevokedEvent[] = [];
  const log =
    (level: LogEntry['level']) =>
    (message: string, context?: Record<string, unknown>): void => {
      logs.push({ level, message, context });
    };
  const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return {
    raw,
    storage,
    clock,
    did: randomDid(),
    logs,
    created,
    revoked,
    manager: (config, hooks = {}) =>
      new SessionManager({
        storage,
        logger,
        now: clock.now,
        ...(config ? { config } : {}),
        hooks: {
          async onSessionCreated(session) {
            created.push(session);
            await hooks.onSessionCreated?.(session);
          },
          async onSessionRevoked(event) {
            revoked.push(event);
            await hooks.onSessionRevoked?.(event);
          },
        },
      }),
    ttl: (sessionId, at) => options.inspect?.recordTtlMs(raw, sessionId, at ?? clock.now()),
    revokedIds: (reason) =>
      revoked.filter((e) => reason === undefined || e.reason === reason).map((e) => e.sessionId),
  };
}
