import type { RevocationReason } from '@coatcheck/core';

/** What a race left behind, as seen through the public API after every call settled. */
export interface RaceOutcome {
  /** Session ids `listSessions` returned after the race. */
  readonly listed: readonly string[];
  /** Ids (among every id the race made or started with) that `getSession` still returned. */
  readonly readable: readonly string[];
  /** `onSessionRevoked` events during the race. */
  readonly revoked: readonly { readonly sessionId: string; readonly reason: RevocationReason }[];
  /** Calls that rejected with something other than the error the scenario allows. */
  readonly failures: readonly string[];
}

/** {@link raceCreates}: concurrent `createSession` for one user. */
export interface CreateRaceOutcome extends RaceOutcome {
  readonly limit: number;
  /** Ids `createSession` resolved with. */
  readonly created: readonly string[];
}

/** {@link raceRevokeAllAgainstCreates} and {@link raceRevokeOthersAgainstCreates}. */
export interface RevokeManyRaceOutcome extends CreateRaceOutcome {
  /** Sessions that existed before the race and must be revoked by it. */
  readonly preexisting: readonly string[];
  /** For revoke-others: the session that must survive. */
  readonly keep?: string;
}

/** {@link raceRevokeAgainstUpdates}: one session revoked while updates and reads run. */
export interface RevokeRaceOutcome extends RaceOutcome {
  readonly id: string;
  /** Whether `updateSession` after the race still threw `SessionRevokedError`. */
  readonly updateAfterRefused: boolean;
}

/** {@link raceRotations}: concurrent rotations of one id, with a concurrent revoke. */
export interface RotateRaceOutcome extends RaceOutcome {
  readonly oldId: string;
  /** New ids of the rotations that resolved. */
  readonly rotatedTo: readonly string[];
}

function problemsOfSets(
  name: string,
  actual: readonly string[],
  expected: Iterable<string>,
): string[] {
  const want = new Set(expected);
  const got = new Set(actual);
  const problems: string[] = [];
  if (got.size !== actual.length) problems.push(`${name} holds an id twice`);
  const missing = [...want].filter((id) => !got.has(id)).length;
  const extra = [...got].filter((id) => !want.has(id)).length;
  if (missing > 0) problems.push(`${name} lacks ${missing} expected id(s)`);
  if (extra > 0) problems.push(`${name} holds ${extra} unexpected id(s)`);
  return problems;
}

/**
 * What must hold even without atomicity (keyv): no call failed, a revoked session is never
 * readable, and list and get agree on what is live.
 */
export function checkBestEffort(outcome: RaceOutcome): string[] {
  const problems = outcome.failures.map((f) => `unexpected failure: ${f}`);
  const readable = new Set(outcome.readable);
  const revokedReadable = outcome.revoked.filter((e) => readable.has(e.sessionId)).length;
  if (revokedReadable > 0) problems.push(`${revokedReadable} revoked session(s) still readable`);
  const listed = new Set(outcome.listed);
  const unlisted = outcome.readable.filter((id) => !listed.has(id)).length;
  if (unlisted > 0) problems.push(`${unlisted} live session(s) missing from listSessions`);
  const dead = outcome.listed.filter((id) => !readable.has(id)).length;
  if (dead > 0) problems.push(`${dead} listed session(s) not readable`);
  return problems;
}

/**
 * Concurrent creates on an atomic storage: the live sessions are exactly the created ones
 * minus the evicted ones, each evicted once, and exactly `min(limit, created)` remain.
 * Returns the problems found; empty when the outcome is correct.
 */
export function checkCreateRace(outcome: CreateRaceOutcome): string[] {
  const problems = checkBestEffort(outcome);
  const evicted = outcome.revoked.filter((e) => e.reason === 'evicted').map((e) => e.sessionId);
  if (evicted.length !== outcome.revoked.length)
    problems.push('a create revoked for a reason other than eviction');
  const created = new Set(outcome.created);
  problems.push(
    ...problemsOfSets(
      'evicted',
      evicted,
      evicted.filter((id) => created.has(id)),
    ),
  );
  const live = outcome.created.filter((id) => !evicted.includes(id));
  problems.push(...problemsOfSets('listSessions', outcome.listed, live));
  const expected = Math.min(outcome.limit, outcome.created.length);
  if (outcome.listed.length !== expected) {
    problems.push(
      `${outcome.listed.length} live sessions, expected exactly ${expected} (limit ${outcome.limit})`,
    );
  }
  return problems;
}

/**
 * Revoke-all (or revoke-others) racing creates on an atomic storage, checked for
 * linearizability: every session is either live afterwards or was revoked, never both and
 * never neither; each revoked once; sessions older than the race are revoked; `keep` survives;
 * no more than `limit` remain.
 */
export function checkRevokeManyRace(outcome: RevokeManyRaceOutcome): string[] {
  const problems = checkBestEffort(outcome);
  const revokedIds = outcome.revoked.map((e) => e.sessionId);
  const revoked = new Set(revokedIds);
  if (revoked.size !== revokedIds.length) problems.push('a session was revoked twice');
  const readable = new Set(outcome.readable);
  const all = [...outcome.preexisting, ...outcome.created, ...(outcome.keep ? [outcome.keep] : [])];
  const neither = all.filter((id) => !readable.has(id) && !revoked.has(id)).length;
  if (neither > 0) problems.push(`${neither} session(s) neither live nor reported revoked`);
  const stranger = revokedIds.filter((id) => !all.includes(id)).length;
  if (stranger > 0) problems.push(`${stranger} revoked id(s) the race never made`);
  const survivors = outcome.preexisting.filter((id) => readable.has(id)).length;
  if (survivors > 0) problems.push(`${survivors} session(s) from before the race survived it`);
  if (outcome.keep !== undefined && (!readable.has(outcome.keep) || revoked.has(outcome.keep))) {
    problems.push('the kept session did not survive');
  }
  if (outcome.readable.length > outcome.limit) {
    problems.push(`${outcome.readable.length} live sessions exceed the limit ${outcome.limit}`);
  }
  return problems;
}

/**
 * A revoke racing updates and reads: afterwards the session is not readable, not listed, and
 * refuses updates; it was reported revoked exactly once. Holds for every adapter.
 */
export function checkRevokeRace(outcome: RevokeRaceOutcome): string[] {
  const problems = checkBestEffort(outcome);
  if (outcome.readable.includes(outcome.id)) problems.push('the revoked session came back to life');
  if (outcome.listed.includes(outcome.id)) problems.push('the revoked session is still listed');
  if (!outcome.updateAfterRefused) problems.push('the revoked session still accepts updates');
  const events = outcome.revoked.filter((e) => e.sessionId === outcome.id);
  if (events.length !== 1 || events[0]?.reason !== 'revoked')
    problems.push('expected exactly one revoked event');
  return problems;
}

/**
 * Rotations of one id racing each other and a revoke: at most one rotation wins; the old id is
 * dead; either the winner's new id is the one live session (and the revoke found nothing) or
 * the revoke won and nothing is live. Never two live ids.
 */
export function checkRotateRace(outcome: RotateRaceOutcome): string[] {
  const problems = checkBestEffort(outcome);
  if (outcome.rotatedTo.length > 1)
    problems.push(`${outcome.rotatedTo.length} rotations of one id succeeded`);
  if (outcome.readable.includes(outcome.oldId))
    problems.push('the rotated-away id is still readable');
  const events = outcome.revoked.filter((e) => e.sessionId === outcome.oldId).map((e) => e.reason);
  const winner = outcome.rotatedTo[0];
  const expectedLive = winner === undefined || outcome.rotatedTo.length > 1 ? [] : [winner];
  if (outcome.rotatedTo.length <= 1)
    problems.push(...problemsOfSets('live ids', outcome.readable, expectedLive));
  if (outcome.readable.length > 1)
    problems.push(`${outcome.readable.length} live ids after one session's rotation`);
  const wanted = winner === undefined ? 'revoked' : 'rotated';
  if (events.length !== 1 || events[0] !== wanted) {
    problems.push(
      `the old id should end once, by "${wanted}"; events: ${events.join(', ') || 'none'}`,
    );
  }
  return problems;
}
