// SessionHooks: called after the storage step succeeded, awaited, and never able to break the
// operation; a throwing or rejecting hook is logged at error level.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type Did,
  didBucket,
  generateSessionId,
  type Session,
  SessionManager,
  type SessionRevokedEvent,
} from '../src/index.js';
import { makeRecord, RecordingLogger, RecordingStorage } from './support/recording-storage.js';

const DID: Did = 'did:plc:abc123';
const META = { ipAddress: '203.0.113.7', userAgent: 'Mozilla/5.0' };

let storage: RecordingStorage;
let logger: RecordingLogger;
let ids: string[];

beforeEach(() => {
  storage = new RecordingStorage();
  logger = new RecordingLogger();
  ids = Array.from({ length: 3 }, () => generateSessionId(didBucket(DID)));
  storage.answers.revoke = () => ({ did: DID });
  storage.answers.revokeAll = () => ids;
  storage.answers.revokeOthers = () => ids.slice(1);
  storage.answers.rotate = (_id, newId) => makeRecord(newId, DID);
  storage.answers.create = () => ({ evicted: ids.slice(0, 2) });
});

/** Runs every operation that fires a hook; resolves with what they resolved with. */
async function runAll(manager: SessionManager) {
  const created = await manager.createSession(DID, META);
  await manager.revokeSession(ids[0]!);
  await manager.revokeAllSessions(DID);
  await manager.revokeOtherSessions(DID, ids[0]!);
  const rotated = await manager.rotateSession(ids[1]!);
  return { created, rotated };
}

describe('hooks are called with what happened', () => {
  it('onSessionCreated gets the new session; onSessionRevoked gets id, did and reason', async () => {
    const createdSessions: Session[] = [];
    const events: SessionRevokedEvent[] = [];
    const manager = new SessionManager({
      storage,
      hooks: {
        onSessionCreated: (session) => {
          createdSessions.push(session);
        },
        onSessionRevoked: (event) => {
          events.push(event);
        },
      },
    });
    const { created } = await runAll(manager);
    const { token: _token, ...withoutToken } = created;
    expect(createdSessions).toEqual([withoutToken]);
    expect(JSON.stringify(createdSessions)).not.toContain(created.token.slice(37));
    expect(events).toEqual([
      { sessionId: ids[0], did: DID, reason: 'evicted' },
      { sessionId: ids[1], did: DID, reason: 'evicted' },
      { sessionId: ids[0], did: DID, reason: 'revoked' },
      ...ids.map((sessionId) => ({ sessionId, did: DID, reason: 'revoked-all' })),
      ...ids.slice(1).map((sessionId) => ({ sessionId, did: DID, reason: 'others-revoked' })),
      { sessionId: ids[1], did: DID, reason: 'rotated' },
    ]);
  });

  it('no hook fires when storage revoked nothing', async () => {
    storage.answers = { create: () => ({ evicted: [] }) };
    const events: SessionRevokedEvent[] = [];
    const manager = new SessionManager({
      storage,
      hooks: { onSessionRevoked: (e) => void events.push(e) },
    });
    await manager.createSession(DID, META);
    await manager.revokeSession(ids[0]!);
    await manager.revokeAllSessions(DID);
    expect(events).toEqual([]);
  });

  it('async hooks are awaited before the operation resolves', async () => {
    const finished: string[] = [];
    const later = () => new Promise((resolve) => setTimeout(resolve, 1));
    const manager = new SessionManager({
      storage,
      hooks: {
        onSessionCreated: async () => {
          await later();
          finished.push('created');
        },
        onSessionRevoked: async (event) => {
          await later();
          finished.push(event.reason);
        },
      },
    });
    await manager.createSession(DID, META);
    expect(finished).toEqual(['created', 'evicted', 'evicted']);
    await manager.revokeSession(ids[0]!);
    expect(finished.at(-1)).toBe('revoked');
  });
});

describe('a failing hook never breaks the operation', () => {
  const failures = {
    throwing: () => {
      throw new Error('audit sink down');
    },
    rejecting: async () => {
      throw new Error('audit sink down');
    },
  };

  for (const [kind, fail] of Object.entries(failures)) {
    it(`${kind} hooks are logged at error level and every operation still resolves`, async () => {
      const manager = new SessionManager({
        storage,
        logger,
        hooks: { onSessionCreated: fail, onSessionRevoked: fail },
      });
      const { created, rotated } = await runAll(manager);
      expect(created.did).toBe(DID);
      expect(rotated.did).toBe(DID);

      const errors = logger.lines.filter((line) => line.level === 'error');
      // 1 created + 2 evicted + 1 revoked + 3 revoked-all + 2 others-revoked + 1 rotated.
      expect(errors.filter((line) => line.message.includes('onSessionCreated'))).toHaveLength(1);
      expect(errors.filter((line) => line.message.includes('onSessionRevoked'))).toHaveLength(9);
      expect(errors.every((line) => line.context?.error === 'audit sink down')).toBe(true);
    });
  }

  it('a hook that throws a non-Error is logged too', async () => {
    const manager = new SessionManager({
      storage,
      logger,
      hooks: {
        onSessionCreated: () => {
          throw 'plain string';
        },
      },
    });
    await manager.createSession(DID, META);
    expect(logger.lines.filter((line) => line.level === 'error')).toHaveLength(1);
  });

  it('one failing hook call does not stop the calls after it', async () => {
    const seen: string[] = [];
    const manager = new SessionManager({
      storage,
      logger,
      hooks: {
        onSessionRevoked: (event) => {
          seen.push(event.sessionId);
          if (seen.length === 1) throw new Error('first one fails');
        },
      },
    });
    await manager.revokeAllSessions(DID);
    expect(seen).toEqual(ids);
  });

  it('hooks run only after the storage step succeeded', async () => {
    const fired: string[] = [];
    storage.answers.revokeAll = () => {
      throw new Error('backend down');
    };
    const manager = new SessionManager({
      storage,
      hooks: { onSessionRevoked: (event) => void fired.push(event.reason) },
    });
    await expect(manager.revokeAllSessions(DID)).rejects.toThrow();
    expect(fired).toEqual([]);
  });
});

describe('log lines', () => {
  it('never hold a full session id, whatever happens', async () => {
    const manager = new SessionManager({
      storage,
      logger,
      hooks: {
        onSessionRevoked: () => {
          throw new Error('hook failed');
        },
      },
    });
    const { created, rotated } = await runAll(manager);
    storage.answers.get = () => {
      throw new Error(`backend failed on ${created.id}`);
    };
    await expect(manager.getSession(created.token)).rejects.toThrow();
    expect(logger.lines.length).toBeGreaterThan(10);
    const text = logger.text();
    for (const id of [...ids, created.id, rotated.id]) {
      expect(text).not.toContain(id);
      expect(text).not.toContain(id.slice(9));
    }
  });
});
