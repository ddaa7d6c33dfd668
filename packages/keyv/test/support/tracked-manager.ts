import {
  type Did,
  type IssuedSession,
  SessionManager,
  type SessionManagerOptions,
  type SessionMetadata,
  type ValidatedSession,
} from '@coatcheck/core';

/**
 * A manager that remembers the token of every session it issues, in a book it may share with
 * other managers of one test ("processes" on one store), so tests can read a session by its id.
 */
export class TrackedManager extends SessionManager {
  constructor(
    options: SessionManagerOptions,
    readonly tokens: Map<string, string> = new Map(),
  ) {
    super(options);
  }

  override async createSession(did: Did, metadata: SessionMetadata): Promise<IssuedSession> {
    const session = await super.createSession(did, metadata);
    this.tokens.set(session.id, session.token);
    return session;
  }

  override async rotateSession(sessionId: string): Promise<IssuedSession> {
    const session = await super.rotateSession(sessionId);
    this.tokens.set(session.id, session.token);
    return session;
  }

  /**
   * `getSession` with the token issued for `id`. Throws for an id no manager of the book
   * issued, so that a check can never pass by reading a bare id (always `null`).
   */
  read(id: string): Promise<ValidatedSession | null> {
    const token = this.tokens.get(id);
    if (token === undefined) throw new Error(`no token was issued for session ${id}`);
    return this.getSession(token);
  }
}
