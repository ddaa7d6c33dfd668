import { type SessionManager, StorageError } from '@coatcheck/core';
import { expect } from 'vitest';
import { metadata, randomDid } from './fixtures.js';
import type { Recorded } from './recorder.js';

/** A primary with one replica behind a link the test controls (see `startRedisReplica`). */
export interface ReplicatedSetup {
  /** Stops delivering what the primary sends. */
  holdReplication(): void;
  /** Delays every byte the primary sends by `delayMs`. */
  setLinkDelay(delayMs: number): void;
  /** Kills the replica. */
  killReplica(): Promise<void>;
  /** Cuts the replica off, kills the primary, promotes the replica; a manager on it. */
  failOver(): Promise<SessionManager>;
}

/**
 * With `durability: { replicas: 1, timeoutMs: 2000 }` on `recorded`'s storage, every revoking
 * step resolves only once the replica holds it, so a failover right after loses none.
 */
export async function checkDurableFailover(
  { manager }: Recorded,
  setup: ReplicatedSetup,
): Promise<void> {
  const did = randomDid();
  const a = await manager.createSession(did, metadata());
  const b = await manager.createSession(did, metadata());
  const c = await manager.createSession(did, metadata());
  setup.setLinkDelay(30);
  const rotated = await manager.rotateSession(a.id);
  await manager.revokeSession(b.id);
  await manager.revokeOtherSessions(did, rotated.id);
  await manager.revokeToken('jti-durable', new Date(Date.now() + 60_000));
  const after = await setup.failOver();
  for (const gone of [a, b, c]) expect(await after.getSession(gone.token)).toBeNull();
  expect(await after.getSession(rotated.token)).not.toBeNull();
  expect(await after.isTokenRevoked('jti-durable')).toBe(true);
}

/**
 * With `durability: { replicas: 1, timeoutMs: 50 }` on `recorded`'s storage, a revocation the
 * replica does not acknowledge (held, then dead) rejects with `StorageError` and still stands;
 * a create does not wait.
 */
export async function checkUnacknowledgedRevocations(
  { manager, revoked }: Recorded,
  setup: ReplicatedSetup,
): Promise<void> {
  const did = randomDid();
  const session = await manager.createSession(did, metadata());
  const other = await manager.createSession(did, metadata());
  setup.holdReplication();
  await expect(manager.revokeSession(session.id)).rejects.toBeInstanceOf(StorageError);
  expect(await manager.getSession(session.token)).toBeNull();
  await setup.killReplica();
  await expect(manager.revokeAllSessions(did)).rejects.toBeInstanceOf(StorageError);
  expect(await manager.getSession(other.token)).toBeNull();
  await manager.createSession(did, metadata());
  expect(revoked).toEqual([]);
}
