import { type Did, SessionManager, type SessionManagerConfig } from '@coatcheck/core';
import type { SessionBackend } from '../backends.js';
import { realisticMetadata } from '../fixtures.js';

/** A manager on a fresh storage of `backend`. */
export function managerOn(backend: SessionBackend, config: SessionManagerConfig = {}) {
  return new SessionManager({ storage: backend.createStorage(), config });
}

/**
 * A manager to prepare data with: on the backend's faster fill storage when it has one (same
 * data, so the measured manager reads it), else on its own storage.
 */
export function fillerOn(backend: SessionBackend, config: SessionManagerConfig = {}) {
  const storage = backend.fillStorage?.() ?? backend.createStorage();
  return new SessionManager({ storage, config });
}

/**
 * Creates `perUser` sessions with realistic metadata for each user, 64 in flight, and resolves
 * with the ids per user (in the order of `users`); `tokens`, when given, gets each id's token
 * (what `getSession` takes).
 */
export async function populate(
  sessions: SessionManager,
  users: readonly Did[],
  perUser: number,
  tokens?: Map<string, string>,
): Promise<string[][]> {
  const ids: string[][] = users.map(() => []);
  const jobs = users.length * perUser;
  let next = 0;
  const worker = async () => {
    while (next < jobs) {
      const job = next++;
      const user = job % users.length;
      const session = await sessions.createSession(users[user]!, realisticMetadata(job));
      ids[user]!.push(session.id);
      tokens?.set(session.id, session.token);
    }
  };
  await Promise.all(Array.from({ length: Math.min(64, jobs) }, worker));
  return ids;
}
