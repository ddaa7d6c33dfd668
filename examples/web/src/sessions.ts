import { fingerprint, type Logger, SessionManager, type SessionStorage } from '@coatcheck/core';

/** Where audit and log lines go; `console.log` by default. */
export type LogSink = (line: string) => void;

/**
 * The example's session manager: sessions idle out after 7 days and end after 30 whatever
 * happens, a user keeps at most 10, and every start and end of a session is written to the
 * audit log (with a fingerprint, never the id).
 */
export function createSessionManager(
  storage: SessionStorage,
  log: LogSink = console.log,
): SessionManager {
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (message, context) => log(`warn: ${message} ${JSON.stringify(context ?? {})}`),
    error: (message, context) => log(`error: ${message} ${JSON.stringify(context ?? {})}`),
  };
  return new SessionManager({
    storage,
    logger,
    config: {
      sessionExpirationSeconds: 7 * 86_400,
      absoluteExpirationSeconds: 30 * 86_400,
      maxSessionsPerUser: 10,
    },
    hooks: {
      onSessionCreated(session) {
        log(
          `audit: session ${fingerprint(session.id)} created for ${session.did} from ${session.ipAddress}`,
        );
      },
      onSessionRevoked(event) {
        log(
          `audit: session ${fingerprint(event.sessionId)} of ${event.did} ended: ${event.reason}`,
        );
      },
    },
  });
}
