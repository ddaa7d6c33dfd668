import type { IssuedSession, SessionManager } from '@coatcheck/core';
import { expect } from 'vitest';
import { metadata } from './fixtures.js';

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
