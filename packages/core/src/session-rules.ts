import type { ExpiryPolicy, SessionRecord } from './storage.js';

// The session rules, stated once. Every adapter written in TypeScript uses these functions; the
// Redis scripts restate them in Lua, and the conformance suite's model check holds every
// adapter (the scripts included) to the reference model built on them.

/** The times a rule needs of a session. */
export type SessionTimes = Pick<SessionRecord, 'createdAt' | 'expiresAt' | 'lastActivity'>;

/** `expiresAt`, never past `createdAt + absoluteMs` when an absolute cap is set. */
export function capExpiry(createdAt: number, expiresAt: number, expiry: ExpiryPolicy): number {
  return expiry.absoluteMs > 0 ? Math.min(expiresAt, createdAt + expiry.absoluteMs) : expiresAt;
}

/** Whether a read at `now` slides the session: at least `touchIntervalMs` since the last one. */
export function isSlideDue(session: SessionTimes, now: number, expiry: ExpiryPolicy): boolean {
  return now - session.lastActivity >= expiry.touchIntervalMs;
}

/** The expiry a refresh at `now` gives: `now + idleMs`, under the absolute cap. */
export function slidExpiry(session: SessionTimes, now: number, expiry: ExpiryPolicy): number {
  return capExpiry(session.createdAt, now + expiry.idleMs, expiry);
}

/** Whether an unrevoked session is live at `now` (it dies at its `expiresAt`). */
export function isUnexpired(session: Pick<SessionRecord, 'expiresAt'>, now: number): boolean {
  return session.expiresAt > now;
}

/** Eviction order: oldest `createdAt` first, ties by the smaller id. */
export function oldestFirst(
  a: Pick<SessionRecord, 'createdAt' | 'id'>,
  b: Pick<SessionRecord, 'createdAt' | 'id'>,
): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The sessions a create evicts: of the user's live sessions (`live`, the new one included),
 * the oldest beyond `maxSessions`, never the new one (`newId`), oldest first.
 */
export function evictionVictims<T extends Pick<SessionRecord, 'createdAt' | 'id'>>(
  live: readonly T[],
  newId: string,
  maxSessions: number,
): T[] {
  const excess = live.length - maxSessions;
  if (excess <= 0) return [];
  return live
    .filter((session) => session.id !== newId)
    .sort(oldestFirst)
    .slice(0, excess);
}
