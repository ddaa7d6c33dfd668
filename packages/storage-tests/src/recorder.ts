import {
  type Session,
  SessionManager,
  type SessionManagerConfig,
  type SessionRevokedEvent,
  type SessionStorage,
} from '@coatcheck/core';

/** A manager whose hooks and error log the fault tests count. */
export interface Recorded {
  readonly manager: SessionManager;
  readonly created: Session[];
  readonly revoked: SessionRevokedEvent[];
  readonly errors: string[];
}

/** A manager on `storage` that records every hook call and every error-level log line. */
export function recorded(storage: SessionStorage, config: SessionManagerConfig = {}): Recorded {
  const created: Session[] = [];
  const revoked: SessionRevokedEvent[] = [];
  const errors: string[] = [];
  const manager = new SessionManager({
    storage,
    config,
    logger: {
      debug() {},
      info() {},
      warn() {},
      error: (message, context) => errors.push(`${message} ${JSON.stringify(context)}`),
    },
    hooks: {
      onSessionCreated: (session) => {
        created.push(session);
      },
      onSessionRevoked: (event) => {
        revoked.push(event);
      },
    },
  });
  return { manager, created, revoked, errors };
}
