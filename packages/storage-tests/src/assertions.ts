import { type Session, SessionRevokedError } from '@coatcheck/core';
import { expect } from 'vitest';

/** Asserts `date` is a `Date` from `from` to `to` (ms; equal bounds under the manual clock). */
export function expectTimeBetween(date: Date, from: number, to: number): void {
  expect(date).toBeInstanceOf(Date);
  expect(date.getTime()).toBeGreaterThanOrEqual(from);
  expect(date.getTime()).toBeLessThanOrEqual(to);
}

/** Asserts a session as the manager returns it: frozen, Date fields, frozen scope. */
export function expectSessionShape(session: Session): void {
  expect(Object.isFrozen(session)).toBe(true);
  expect(Object.isFrozen(session.scope)).toBe(true);
  for (const field of ['createdAt', 'expiresAt', 'lastActivity'] as const) {
    expect(session[field]).toBeInstanceOf(Date);
    expect(Number.isNaN(session[field].getTime())).toBe(false);
  }
  expect(session.revoked).not.toBe(true);
}

/** Asserts that `promise` rejects with a {@link SessionRevokedError}. */
export async function expectSessionRevoked(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(SessionRevokedError);
}

/** The ids of `sessions`, in order. */
export function idsOf(sessions: readonly { readonly id: string }[]): string[] {
  return sessions.map((s) => s.id);
}

/** `ids` sorted, for order-free comparison. */
export function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort();
}

/** How far a backend's record lifetime may drift from the exact value (round trips, clocks). */
export const TTL_SLACK_MS = 5000;

/**
 * Asserts a remaining record lifetime from {@link StorageInspector.recordTtlMs} is `expected`
 * give or take the drift of a backend that counts TTLs on its own clock.
 */
export function expectTtlNear(ttl: number | null, expected: number): void {
  expect(ttl).not.toBeNull();
  expect(ttl!).toBeGreaterThan(expected - TTL_SLACK_MS);
  expect(ttl!).toBeLessThanOrEqual(expected + 1000);
}

/**
 * The fields every view of a session shares: `token` (issued sessions) and `fresh` (validated
 * ones) left out, so a read can be compared with what create or rotate returned.
 */
export function publicView(session: Session | null | undefined): Session | null {
  if (session === null || session === undefined) return null;
  const {
    token: _token,
    fresh: _fresh,
    ...rest
  } = session as Session & {
    token?: string;
    fresh?: boolean;
  };
  return rest;
}
