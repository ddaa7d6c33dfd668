import type {
  CreateOptions,
  Did,
  RevokeOptions,
  RotateOptions,
  SessionPatch,
  SessionRecord,
  SessionStorage,
  TouchOptions,
} from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import {
  checkBestEffort,
  checkCreateRace,
  checkRevokeManyRace,
  checkRevokeRace,
  checkRotateRace,
  raceCreates,
  raceRevokeAgainstUpdates,
  raceRevokeAllAgainstCreates,
  raceRevokeOthersAgainstCreates,
  raceRotations,
  randomDid,
} from '../src/index.js';
import { ReferenceStorage } from '../src/reference-storage.js';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const NO_LIMIT = 1_000_000;

/**
 * The reference storage made racy the way a naive adapter is: read, await, then write.
 * Each race check must notice.
 */
class RacyStorage extends ReferenceStorage {
  override async create(record: SessionRecord, secretHash: string, options: CreateOptions) {
    const live = await this.list(record.did, { ...options, includeRevoked: false });
    await tick();
    const evicted = [...live]
      .reverse()
      .slice(0, Math.max(0, live.length + 1 - options.maxSessions));
    for (const old of evicted) await super.revoke(old.id, { ...options, operationId: record.id });
    await super.create(record, secretHash, { ...options, maxSessions: NO_LIMIT });
    return { evicted: evicted.map((r) => r.id) };
  }

  override async update(id: string, patch: SessionPatch, options: TouchOptions) {
    const record = await this.#peek(id, options);
    await tick();
    if (!record) return false;
    await super.create({ ...record, ...patch }, this.hashOf(id), {
      ...options,
      maxSessions: NO_LIMIT,
      retentionMs: 0,
    });
    return true;
  }

  override async rotate(id: string, newId: string, newSecretHash: string, options: RotateOptions) {
    const record = await this.#peek(id, options);
    await tick();
    if (!record) return null;
    const next = { ...record, id: newId, lastActivity: options.now };
    await super.create(next, newSecretHash, { ...options, maxSessions: NO_LIMIT });
    await super.revoke(id, { ...options, operationId: newId });
    return next;
  }

  override async revokeAll(did: Did, options: RevokeOptions) {
    const live = await this.list(did, { ...options, includeRevoked: false });
    await tick();
    for (const record of live) await super.revoke(record.id, options);
    return live.map((r) => r.id);
  }

  async #peek(id: string, options: TouchOptions) {
    const found = await super.get(id, this.hashOf(id), {
      ...options,
      expiry: { ...options.expiry, touchIntervalMs: Number.MAX_SAFE_INTEGER },
    });
    return found?.record ?? null;
  }
}

describe('the race checks', () => {
  const racy = (): SessionStorage => new RacyStorage();
  const sound = (): SessionStorage => new ReferenceStorage();

  it('catch creates that overrun the limit', async () => {
    const outcome = await raceCreates({ storage: racy(), did: randomDid(), creates: 20, limit: 5 });
    expect(checkCreateRace(outcome).join('\n')).toMatch(/expected exactly 5/);
    expect(
      checkCreateRace(
        await raceCreates({ storage: sound(), did: randomDid(), creates: 20, limit: 5 }),
      ),
    ).toEqual([]);
  });

  it('catch an update that revives a session revoked under it', async () => {
    const outcome = await raceRevokeAgainstUpdates({
      storage: racy(),
      did: randomDid(),
      updates: 6,
    });
    expect(checkRevokeRace(outcome).join('\n')).toMatch(/came back to life/);
    expect(checkBestEffort(outcome)).not.toEqual([]);
  });

  it('catch two rotations of one id both succeeding', async () => {
    const outcome = await raceRotations({ storage: racy(), did: randomDid(), rotations: 4 });
    expect(checkRotateRace(outcome).join('\n')).toMatch(/rotations of one id succeeded/);
  });

  it('catch revoke-all and revoke-others races that leave too many or stray sessions', async () => {
    const all = await raceRevokeAllAgainstCreates({
      storage: racy(),
      did: randomDid(),
      creates: 20,
      preexisting: 3,
      limit: 5,
    });
    expect(checkRevokeManyRace(all).join('\n')).toMatch(/exceed the limit/);
    const others = await raceRevokeOthersAgainstCreates({
      storage: new (class extends RacyStorage {
        // Checks and reports from one read, revokes from a later one: not atomic.
        override async revokeOthers(did: Did, keepId: string, options: RevokeOptions) {
          const before = await this.list(did, { ...options, includeRevoked: false });
          if (!before.some((r) => r.id === keepId)) return null;
          await tick();
          for (const r of await this.list(did, { ...options, includeRevoked: false })) {
            if (r.id !== keepId) await super.revoke(r.id, options);
          }
          return before.map((r) => r.id).filter((id) => id !== keepId);
        }
      })(),
      did: randomDid(),
      creates: 10,
      others: 2,
    });
    expect(checkRevokeManyRace(others).join('\n')).toMatch(/neither live nor reported revoked/);
  });
});
