import { SessionManager, type SessionRevokedEvent } from '@coatcheck/core';
import { UPSTASH_SCRIPTS } from '@coatcheck/redis';
import { type HttpReplyDroppingProxy, startHttpReplyDroppingProxy } from '@coatcheck/redis-testing';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstashStorage } from '../src/index.js';
import { type Backend, freshPrefix, startBackend } from './support/backend.js';

let backend: Backend;
let proxy: HttpReplyDroppingProxy;
beforeAll(async () => {
  backend = await startBackend();
  proxy = await startHttpReplyDroppingProxy({ targetUrl: backend.rest.url });
});
afterAll(async () => {
  await proxy?.close();
  await backend?.stop();
});

// The proxy completes the request on the dev server, then drops the response; @upstash/redis
// retries the request (a network error to it). A re-run answers as the first run did.
describe.each([86_400, 0])('a response lost after the script ran (retention %i s)', (retention) => {
  const setup = () => {
    const client = new Redis({
      url: proxy.url,
      token: backend.rest.token,
      enableTelemetry: false,
      retry: { retries: 2, backoff: () => 5 },
    });
    const revoked: SessionRevokedEvent[] = [];
    const manager = new SessionManager({
      storage: new UpstashStorage(client, { keyPrefix: freshPrefix() }),
      config: { maxSessionsPerUser: 2, revokedRetentionSeconds: retention },
      hooks: { onSessionRevoked: (event) => void revoked.push(event) },
    });
    const before = proxy.dropped().length;
    const drop = (name: keyof typeof UPSTASH_SCRIPTS) =>
      proxy.dropNextResponseTo({ includes: UPSTASH_SCRIPTS[name].sha1 });
    return {
      manager,
      revoked,
      drop,
      dropped: () => proxy.dropped().length - before,
      did: randomDid(),
    };
  };

  it('create at the limit resolves with its session and evicts exactly one', async () => {
    const { manager, revoked, drop, dropped, did } = setup();
    await manager.createSession(did, metadata());
    await manager.createSession(did, metadata());
    const oldest = (await manager.listSessions(did)).at(-1)?.id;
    drop('create');
    const created = await manager.createSession(did, metadata());
    expect(dropped()).toBe(1);
    expect((await manager.getSession(created.token))?.id).toBe(created.id);
    expect(revoked).toEqual([{ sessionId: oldest, did, reason: 'evicted' }]);
  });

  it('rotate resolves with the new session; revoke and revoke-all report each session once', async () => {
    const { manager, revoked, drop, dropped, did } = setup();
    const a = await manager.createSession(did, metadata());
    drop('rotate');
    const rotated = await manager.rotateSession(a.id);
    expect((await manager.getSession(rotated.token))?.id).toBe(rotated.id);
    drop('revoke');
    await manager.revokeSession(rotated.id);
    const b = await manager.createSession(did, metadata());
    const c = await manager.createSession(did, metadata());
    drop('revokeAll');
    await manager.revokeAllSessions(did);
    expect(dropped()).toBe(3);
    expect(revoked.map((e) => `${e.reason} ${e.sessionId}`).sort()).toEqual(
      [
        `rotated ${a.id}`,
        `revoked ${rotated.id}`,
        `revoked-all ${b.id}`,
        `revoked-all ${c.id}`,
      ].sort(),
    );
  });
});
