import {
  type Did,
  type IssuedSession,
  SessionManager,
  type SessionManagerConfig,
  SessionRevokedError,
  type SessionRevokedEvent,
  type SessionStorage,
} from '@coatcheck/core';
import { metadata } from './fixtures.js';
import type {
  CreateRaceOutcome,
  RevokeManyRaceOutcome,
  RevokeRaceOutcome,
  RotateRaceOutcome,
} from './race-checks.js';

/** Where and how a race runs. */
export interface RaceSetup {
  /** The storage under test. */
  readonly storage: SessionStorage;
  /** The user whose sessions race (use a fresh one per race). */
  readonly did: Did;
  /** The manager clock. @defaultValue `Date.now` */
  readonly now?: () => number;
}

interface Recorder {
  readonly manager: SessionManager;
  readonly revoked: SessionRevokedEvent[];
  readonly failures: string[];
  /** The token of every session the race issued, by id: reads need the token. */
  readonly tokens: Map<string, string>;
}

function recorder(setup: RaceSetup, config: SessionManagerConfig): Recorder {
  const revoked: SessionRevokedEvent[] = [];
  const manager = new SessionManager({
    storage: setup.storage,
    config,
    ...(setup.now ? { now: setup.now } : {}),
    hooks: { onSessionRevoked: (event) => void revoked.push(event) },
  });
  return { manager, revoked, failures: [], tokens: new Map() };
}

/** Remembers an issued session's token and gives back its id. */
function issued(r: Recorder, session: IssuedSession): string {
  r.tokens.set(session.id, session.token);
  return session.id;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Starts every task in the same tick and waits for all of them. */
async function together<T>(
  tasks: readonly (() => Promise<T>)[],
): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled(tasks.map((task) => task()));
}

async function observe(r: Recorder, did: Did, ids: Iterable<string>) {
  const listed = (await r.manager.listSessions(did)).map((s) => s.id);
  const readable: string[] = [];
  for (const id of new Set(ids)) {
    const token = r.tokens.get(id);
    if (token !== undefined && (await r.manager.getSession(token))) readable.push(id);
  }
  return { listed, readable, revoked: [...r.revoked], failures: r.failures };
}

async function createConcurrently(r: Recorder, did: Did, count: number): Promise<string[]> {
  const settled = await together(
    Array.from(
      { length: count },
      (_, i) => () => r.manager.createSession(did, metadata({ deviceId: `race-${i}` })),
    ),
  );
  const created: string[] = [];
  for (const result of settled) {
    if (result.status === 'fulfilled') created.push(issued(r, result.value));
    else r.failures.push(`createSession: ${describeError(result.reason)}`);
  }
  return created;
}

/**
 * `creates` concurrent `createSession` calls for one user under `maxSessionsPerUser = limit`.
 * Check with {@link checkCreateRace} (atomic) or {@link checkBestEffort}.
 */
export async function raceCreates(
  setup: RaceSetup & { readonly creates: number; readonly limit: number },
): Promise<CreateRaceOutcome> {
  const r = recorder(setup, { maxSessionsPerUser: setup.limit });
  const created = await createConcurrently(r, setup.did, setup.creates);
  return { limit: setup.limit, created, ...(await observe(r, setup.did, created)) };
}

/**
 * `preexisting` sessions, then one `revokeAllSessions` started amid `creates` concurrent
 * creates. Check with {@link checkRevokeManyRace} (atomic) or {@link checkBestEffort}.
 */
export async function raceRevokeAllAgainstCreates(
  setup: RaceSetup & {
    readonly creates: number;
    readonly preexisting: number;
    readonly limit: number;
  },
): Promise<RevokeManyRaceOutcome> {
  const r = recorder(setup, { maxSessionsPerUser: setup.limit });
  const preexisting: string[] = [];
  for (let i = 0; i < setup.preexisting; i++) {
    preexisting.push(issued(r, await r.manager.createSession(setup.did, metadata())));
  }
  r.revoked.length = 0; // evictions while setting up are not part of the race
  const half = Math.floor(setup.creates / 2);
  const [a, revokeAll, b] = await Promise.all([
    createConcurrently(r, setup.did, half),
    r.manager.revokeAllSessions(setup.did).then(
      () => undefined,
      (e: unknown) => e,
    ),
    createConcurrently(r, setup.did, setup.creates - half),
  ]);
  const created = [...a, ...b];
  if (revokeAll !== undefined) r.failures.push(`revokeAllSessions: ${describeError(revokeAll)}`);
  const outcome = await observe(r, setup.did, [...preexisting, ...created]);
  return { limit: setup.limit, created, preexisting, ...outcome };
}

/**
 * One kept session and `others` more, then `revokeOtherSessions(keep)` started amid `creates`
 * concurrent creates; the limit leaves room for all, so nothing is evicted. Check with
 * {@link checkRevokeManyRace}.
 */
export async function raceRevokeOthersAgainstCreates(
  setup: RaceSetup & { readonly creates: number; readonly others: number },
): Promise<RevokeManyRaceOutcome> {
  const limit = 1 + setup.others + setup.creates;
  const r = recorder(setup, { maxSessionsPerUser: limit });
  const keep = issued(r, await r.manager.createSession(setup.did, metadata({ deviceId: 'keep' })));
  const preexisting: string[] = [];
  for (let i = 0; i < setup.others; i++) {
    preexisting.push(issued(r, await r.manager.createSession(setup.did, metadata())));
  }
  const half = Math.floor(setup.creates / 2);
  const [a, error, b] = await Promise.all([
    createConcurrently(r, setup.did, half),
    r.manager.revokeOtherSessions(setup.did, keep).then(
      () => undefined,
      (e: unknown) => e,
    ),
    createConcurrently(r, setup.did, setup.creates - half),
  ]);
  if (error !== undefined) r.failures.push(`revokeOtherSessions: ${describeError(error)}`);
  const created = [...a, ...b];
  const outcome = await observe(r, setup.did, [keep, ...preexisting, ...created]);
  return { limit, created, preexisting, keep, ...outcome };
}

/**
 * One session, then `revokeSession` started amid `updates` concurrent `updateSession` calls
 * (each pushing `expiresAt` a year out) and as many reads. Check with {@link checkRevokeRace}.
 */
export async function raceRevokeAgainstUpdates(
  setup: RaceSetup & { readonly updates: number },
): Promise<RevokeRaceOutcome> {
  const r = recorder(setup, { touchIntervalSeconds: 0 });
  const id = issued(r, await r.manager.createSession(setup.did, metadata()));
  const token = r.tokens.get(id)!;
  const now = setup.now ?? Date.now;
  const update = (i: number) => () =>
    r.manager.updateSession(id, {
      expiresAt: new Date(now() + 365 * 86_400_000),
      scope: [`u${i}`],
    });
  const tasks: (() => Promise<unknown>)[] = [];
  for (let i = 0; i < setup.updates; i++) {
    if (i === Math.floor(setup.updates / 2)) tasks.push(() => r.manager.revokeSession(id));
    tasks.push(update(i), () => r.manager.getSession(token));
  }
  for (const result of await together(tasks)) {
    if (result.status === 'rejected' && !(result.reason instanceof SessionRevokedError)) {
      r.failures.push(describeError(result.reason));
    }
  }
  const updateAfterRefused = await update(-1)().then(
    () => false,
    (e: unknown) => e instanceof SessionRevokedError,
  );
  return { id, updateAfterRefused, ...(await observe(r, setup.did, [id])) };
}

/**
 * One session, then `rotations` concurrent `rotateSession` calls on its id and one
 * `revokeSession` amid them. Check with {@link checkRotateRace}.
 */
export async function raceRotations(
  setup: RaceSetup & { readonly rotations: number },
): Promise<RotateRaceOutcome> {
  const r = recorder(setup, {});
  const oldId = issued(r, await r.manager.createSession(setup.did, metadata()));
  const tasks: (() => Promise<string | undefined>)[] = [];
  for (let i = 0; i < setup.rotations; i++) {
    if (i === Math.floor(setup.rotations / 2))
      tasks.push(() => r.manager.revokeSession(oldId).then(() => undefined));
    tasks.push(() => r.manager.rotateSession(oldId).then((s) => issued(r, s)));
  }
  const rotatedTo: string[] = [];
  for (const result of await together(tasks)) {
    if (result.status === 'fulfilled' && result.value !== undefined) rotatedTo.push(result.value);
    if (result.status === 'rejected' && !(result.reason instanceof SessionRevokedError)) {
      r.failures.push(describeError(result.reason));
    }
  }
  return { oldId, rotatedTo, ...(await observe(r, setup.did, [oldId, ...rotatedTo])) };
}
