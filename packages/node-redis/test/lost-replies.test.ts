import type { Did, SessionManager } from '@coatcheck/core';
import { NodeRedisStorage } from '@coatcheck/node-redis';
import { metadata, type Recorded, randomDid, recorded } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connected, connect, freshPrefix } from './helpers.js';
import { COMBOS, lostReply } from './lost-reply.js';

// Every session-changing script with its reply lost after it ran: the runner sends it again,
// and the scripts answer a re-send with the first run's outcome. So each call resolves as if
// nothing had happened, and each revocation hook fires once, not twice (nor never).
describe.each(COMBOS)('node-redis $version, RESP$protocol, $topology: a lost reply', (combo) => {
  let connected: Connected;
  let observer: Connected;
  beforeAll(async () => {
    [connected, observer] = await Promise.all([connect(combo), connect(combo)]);
  });
  afterAll(async () => {
    await Promise.all([connected.close(), observer.close()]);
  });

  /**
   * A recorded manager at most two sessions a user, a watcher on another connection, a fresh
   * user, and `lose`: {@link lostReply} on that user's key.
   */
  function setup(): Recorded & {
    watcher: SessionManager;
    did: Did;
    lose: (operation: () => Promise<unknown>, ran: () => Promise<boolean>) => Promise<unknown>;
  } {
    const keyPrefix = freshPrefix();
    const storage = new NodeRedisStorage(connected.client, { keyPrefix });
    const watcher = recorded(new NodeRedisStorage(observer.client, { keyPrefix })).manager;
    const did = randomDid();
    const lose = (operation: () => Promise<unknown>, ran: () => Promise<boolean>) =>
      lostReply(connected, storage.keys.user(did), operation, ran);
    return { ...recorded(storage, { maxSessionsPerUser: 2 }), watcher, did, lose };
  }
  const ids = async (manager: SessionManager, did: Did) =>
    (await manager.listSessions(did)).map((s) => s.id);

  it('create at the limit: resolves with the session, evicts one, hooks once each', async () => {
    const { manager, watcher, did, lose, created, revoked } = setup();
    const a = await manager.createSession(did, metadata());
    const b = await manager.createSession(did, metadata());
    const [newer, oldest] = await ids(manager, did);
    const c = await lose(
      () => manager.createSession(did, metadata()),
      async () => !(await ids(watcher, did)).includes(oldest!),
    );
    const session = c as Awaited<ReturnType<SessionManager['createSession']>>;
    expect((await manager.getSession(session.token))?.id).toBe(session.id);
    // As a set: sessions created in the same millisecond list in either order.
    expect((await ids(manager, did)).sort()).toEqual([session.id, newer].sort());
    expect(created.map((s) => s.id)).toEqual([a.id, b.id, session.id]);
    expect(revoked).toEqual([{ sessionId: oldest, did, reason: 'evicted' }]);
  });

  it('rotate: resolves with the new session, the old one revoked once', async () => {
    const { manager, watcher, did, lose, revoked } = setup();
    const a = await manager.createSession(did, metadata());
    const rotated = (await lose(
      () => manager.rotateSession(a.id),
      async () => (await watcher.getSession(a.token)) === null,
    )) as Awaited<ReturnType<SessionManager['rotateSession']>>;
    expect((await manager.getSession(rotated.token))?.id).toBe(rotated.id);
    expect(await ids(manager, did)).toEqual([rotated.id]);
    expect(revoked).toEqual([{ sessionId: a.id, did, reason: 'rotated' }]);
  });

  it('revoke: resolves, the hook fires once', async () => {
    const { manager, watcher, did, lose, revoked } = setup();
    const a = await manager.createSession(did, metadata());
    const outcome = await lose(
      () => manager.revokeSession(a.id),
      async () => (await watcher.getSession(a.token)) === null,
    );
    expect(outcome).toBeUndefined();
    expect(revoked).toEqual([{ sessionId: a.id, did, reason: 'revoked' }]);
  });

  it('revokeOthers: resolves, each other session reported once', async () => {
    const { manager, watcher, did, lose, revoked } = setup();
    const a = await manager.createSession(did, metadata());
    const b = await manager.createSession(did, metadata());
    const outcome = await lose(
      () => manager.revokeOtherSessions(did, b.id),
      async () => (await ids(watcher, did)).length === 1,
    );
    expect(outcome).toBeUndefined();
    expect(await ids(manager, did)).toEqual([b.id]);
    expect(revoked).toEqual([{ sessionId: a.id, did, reason: 'others-revoked' }]);
  });

  it('revokeAll: resolves, each session reported once', async () => {
    const { manager, watcher, did, lose, revoked } = setup();
    const a = await manager.createSession(did, metadata());
    const b = await manager.createSession(did, metadata());
    const outcome = await lose(
      () => manager.revokeAllSessions(did),
      async () => (await ids(watcher, did)).length === 0,
    );
    expect(outcome).toBeUndefined();
    expect(await ids(manager, did)).toEqual([]);
    expect(revoked.map((e) => e.reason)).toEqual(['revoked-all', 'revoked-all']);
    expect(revoked.map((e) => e.sessionId).sort()).toEqual([a.id, b.id].sort());
  });
});
