import { type Did, type IssuedSession, StorageError } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { bucketHex } from '@coatcheck/redis';
import { migrateSlotGradually, otherNodeThan, slotOf } from '@coatcheck/redis-testing';
import { metadata, randomDid, recorded } from '@coatcheck/storage-tests';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, freshPrefix } from './helpers.js';

const USERS = 12;
const LIMIT = 3;

/** `count` random users whose keys all hash to one slot (found by trying: ~16k DIDs each). */
function usersInOneSlot(count: number): Did[] {
  const first = randomDid();
  const slot = slotOf(`{${bucketHex(first)}}`);
  const users = [first];
  for (let tries = 0; users.length < count && tries < 5_000_000; tries++) {
    const did = randomDid();
    if (slotOf(`{${bucketHex(did)}}`) === slot) users.push(did);
  }
  return users;
}

describe('cluster: a workload while the slot moves one key at a time', () => {
  let client: Cluster;
  beforeAll(() => {
    client = connect('cluster') as Cluster;
  });
  afterAll(() => client.quit());

  it('no acknowledged revoke-all leaves a live session, and no user passes the limit', async () => {
    const storage = new IoRedisStorage(client, { keyPrefix: freshPrefix() });
    const { manager } = recorded(storage, { maxSessionsPerUser: LIMIT });
    const users = usersInOneSlot(USERS);
    expect(users).toHaveLength(USERS);
    const slot = slotOf(storage.keys.user(users[0]!));
    // Sessions whose create resolved before a revoke-all of their user began: all must be dead.
    const doomed: IssuedSession[] = [];
    const issued = new Map<Did, IssuedSession[]>(users.map((did) => [did, []]));
    let listedOverLimit = 0;
    let failures = 0;
    let acknowledgedRevokeAlls = 0;
    let running = true;

    const worker = async (did: Did) => {
      const mine = issued.get(did)!;
      for (let step = 0; running && step < 10_000; step++) {
        try {
          const roll = step % 5;
          if (roll < 2) mine.push(await manager.createSession(did, metadata()));
          else if (roll === 2) {
            const listed = await manager.listSessions(did);
            if (listed.length > LIMIT) listedOverLimit += 1;
          } else if (roll === 3 && mine.length > 0) {
            await manager.getSession(mine[mine.length - 1]!.token);
          } else {
            await manager.revokeAllSessions(did);
            acknowledgedRevokeAlls += 1;
            // Each worker runs its steps one after another: all of these were created before.
            doomed.push(...mine.splice(0));
          }
        } catch (error) {
          // A refusal is allowed (the step did not happen); a false success is not.
          if (!(error instanceof StorageError)) throw error;
          failures += 1;
        }
      }
    };

    const workers = users.map(worker);
    const moves = [];
    for (let round = 0; round < 2; round++) {
      moves.push(
        await migrateSlotGradually(
          { nodes: inject('clusterPorts').map((port) => ({ port })) },
          slot,
          await otherNodeThan({ nodes: inject('clusterPorts').map((port) => ({ port })) }, slot),
          { pauseMs: 15, timeoutMs: 10_000 },
        ),
      );
    }
    running = false;
    await Promise.all(workers);

    let liveAfterRevokeAll = 0;
    for (const session of doomed)
      if (await manager.getSession(session.token)) liveAfterRevokeAll += 1;
    let overLimit = 0;
    for (const did of users) if ((await manager.listSessions(did)).length > LIMIT) overLimit += 1;
    console.log(
      `migration workload: ${moves.map((m) => m.movedOneByOne).join('+')} keys moved one by one, ` +
        `${acknowledgedRevokeAlls} revoke-alls acknowledged, ${doomed.length} sessions they covered, ` +
        `${failures} refused steps; live after revoke-all: ${liveAfterRevokeAll}, users over the limit: ${overLimit}`,
    );
    expect(moves.every((m) => m.completedGradually && m.movedOneByOne > 0)).toBe(true);
    expect(acknowledgedRevokeAlls).toBeGreaterThan(0);
    expect(liveAfterRevokeAll).toBe(0);
    expect(overLimit + listedOverLimit).toBe(0);
  });
});
