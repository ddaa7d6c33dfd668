import type { Did, IssuedSession, SessionManager } from '@coatcheck/core';
import { metadata } from './fixtures.js';

/**
 * One call of each manager operation on `did` and its session `session`, named by the
 * storage operation it makes, for checks that every one of them fails (or works) the same way,
 * such as while the backend is down.
 */
export function operationCalls(
  manager: SessionManager,
  did: Did,
  session: Pick<IssuedSession, 'id' | 'token'>,
): [string, () => Promise<unknown>][] {
  const sessionId = session.id;
  return [
    ['create', () => manager.createSession(did, metadata())],
    ['get', () => manager.getSession(session.token)],
    ['update', () => manager.updateSession(sessionId, { scope: [] })],
    ['revoke', () => manager.revokeSession(sessionId)],
    ['revokeAll', () => manager.revokeAllSessions(did)],
    ['revokeOthers', () => manager.revokeOtherSessions(did, sessionId)],
    ['rotate', () => manager.rotateSession(sessionId)],
    ['list', () => manager.listSessions(did)],
    ['revokeToken', () => manager.revokeToken('jti', new Date(Date.now() + 60_000))],
    ['isTokenRevoked', () => manager.isTokenRevoked('jti')],
  ];
}

/**
 * What `call` settles with (its value, or the error it rejects with), or an error once `ms`
 * passed, so that a hanging call fails the test instead of stalling it.
 */
export function settlement(call: () => Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  const settled = call().catch((error: unknown) => error);
  return Promise.race([settled, deadline]).finally(() => clearTimeout(timer));
}
