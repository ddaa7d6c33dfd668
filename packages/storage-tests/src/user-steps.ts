import type { Did, IssuedSession, Session, SessionManager, SessionStorage } from '@coatcheck/core';
import { expect } from 'vitest';
import { metadata, randomDid } from './fixtures.js';
import { recorded } from './recorder.js';

/** A user's two sessions, made before a step runs. */
export interface TwoSessions {
  readonly did: IssuedSession['did'];
  readonly a: IssuedSession;
  readonly b: IssuedSession;
}

/** One operation on a user holding {@link TwoSessions}, with the checks of its outcome. */
export type UserStep = (manager: SessionManager, sessions: TwoSessions) => Promise<void>;

/**
 * Every operation, named, each checking its whole outcome, for fault tests (a slot half
 * moved, say) that run each on a manager with `maxSessionsPerUser: 2` and
 * `touchIntervalSeconds: 0`, after creating the user's two sessions.
 */
export const USER_STEPS: readonly (readonly [string, UserStep])[] = [
  [
    'createSession (evicting)',
    async (m, { did, a, b }) => {
      const c = await m.createSession(did, metadata());
      const live = (await m.listSessions(did)).map((s) => s.id).sort();
      expect(live).toHaveLength(2);
      expect(live).toContain(c.id);
      expect([a.id, b.id]).toContain(live.find((id) => id !== c.id));
    },
  ],
  [
    'getSession (sliding)',
    async (m, { a }) => {
      expect((await m.getSession(a.token))?.fresh).toBe(true);
    },
  ],
  [
    'updateSession',
    async (m, { did, a }) => {
      await m.updateSession(a.id, { scope: ['moved'] });
      expect((await m.listSessions(did)).find((s) => s.id === a.id)?.scope).toEqual(['moved']);
    },
  ],
  [
    'rotateSession',
    async (m, { a }) => {
      const rotated = await m.rotateSession(a.id);
      expect(await m.getSession(a.token)).toBeNull();
      expect((await m.getSession(rotated.token))?.id).toBe(rotated.id);
    },
  ],
  [
    'revokeSession',
    async (m, { did, a, b }) => {
      await m.revokeSession(a.id);
      expect((await m.listSessions(did)).map((s) => s.id)).toEqual([b.id]);
    },
  ],
  [
    'revokeOtherSessions',
    async (m, { did, b }) => {
      await m.revokeOtherSessions(did, b.id);
      expect((await m.listSessions(did)).map((s) => s.id)).toEqual([b.id]);
    },
  ],
  [
    'revokeAllSessions',
    async (m, { did, a, b }) => {
      await m.revokeAllSessions(did);
      expect(await m.getSession(a.token)).toBeNull();
      expect(await m.getSession(b.token)).toBeNull();
      expect(await m.listSessions(did)).toEqual([]);
    },
  ],
  [
    'listSessions (with revoked)',
    async (m, { did }) => {
      expect(await m.listSessions(did, { includeRevoked: true })).toHaveLength(2);
    },
  ],
];

/** A slot put half moved, as `beginSlotMigration` of `@coatcheck/redis-testing` returns it. */
export interface HalfMovedSlot {
  moveKeys(keys: readonly string[]): Promise<number>;
  keysOnSource(): Promise<string[]>;
  keysOnTarget(): Promise<string[]>;
  finish(): Promise<void>;
}

/** What {@link runStepOnHalfMovedSlot} needs. */
export interface HalfMovedSlotRun {
  /** A Redis storage on a cluster, with its own key prefix. */
  readonly storage: SessionStorage & { readonly keys: { user(did: Did): string } };
  /** Starts moving the slot of `key` to another master. */
  readonly begin: (key: string) => Promise<HalfMovedSlot>;
  /** Whether the user's key is moved to the target before the step. */
  readonly moved: boolean;
  readonly step: UserStep;
}

/**
 * Runs `step` on a user whose slot is half moved, checks that the user's one key is on one
 * side only, then hands the slot over and checks the user's data reads back the same.
 */
export async function runStepOnHalfMovedSlot(run: HalfMovedSlotRun): Promise<void> {
  const { manager } = recorded(run.storage, { maxSessionsPerUser: 2, touchIntervalSeconds: 0 });
  const did = randomDid();
  const a = await manager.createSession(did, metadata());
  const b = await manager.createSession(did, metadata());
  const key = run.storage.keys.user(did);
  const migration = await run.begin(key);
  let before: readonly Session[];
  try {
    if (run.moved) expect(await migration.moveKeys([key])).toBe(1);
    await run.step(manager, { did, a, b });
    // Nothing of the user's was left behind or split: the one key is on one side.
    const onSource = (await migration.keysOnSource()).includes(key);
    const onTarget = (await migration.keysOnTarget()).includes(key);
    expect([onSource, onTarget].filter(Boolean)).toHaveLength(1);
    before = await manager.listSessions(did, { includeRevoked: true });
  } finally {
    await migration.finish();
  }
  expect(await manager.listSessions(did, { includeRevoked: true })).toEqual(before);
}
