import { IoRedisStorage } from '@coatcheck/ioredis';
import { type RedisScript, SCRIPTS, type ScriptName } from '@coatcheck/redis';
import {
  type ProxiedCommand,
  startClusterReplyDroppingProxies,
  startReplyDroppingProxy,
} from '@coatcheck/redis-testing';
import { metadata, randomDid, recorded } from '@coatcheck/storage-tests';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshPrefix, TOPOLOGIES, type Topology } from './helpers.js';

interface Proxied {
  readonly client: Redis | Cluster;
  dropNextReplyTo(matcher: (command: ProxiedCommand) => boolean): void;
  dropped(): readonly ProxiedCommand[];
  close(): Promise<void>;
}

/** A client whose commands pass through reply-dropping proxies, one per master. */
async function proxied(topology: Topology): Promise<Proxied> {
  if (topology === 'standalone') {
    const proxy = await startReplyDroppingProxy({ targetPort: inject('standalonePort') });
    const client = new Redis({ host: proxy.host, port: proxy.port, maxRetriesPerRequest: 1 });
    return {
      client,
      dropNextReplyTo: (matcher) => proxy.dropNextReplyTo(matcher),
      dropped: () => proxy.dropped(),
      close: async () => {
        client.disconnect();
        await proxy.close();
      },
    };
  }
  const proxies = await startClusterReplyDroppingProxies({
    nodes: inject('clusterPorts').map((port) => ({ port })),
  });
  const client = new Cluster([...proxies.startupNodes], {
    natMap: { ...proxies.natMap },
    redisOptions: { maxRetriesPerRequest: 1 },
  });
  return {
    client,
    dropNextReplyTo: (matcher) => proxies.dropNextReplyTo(matcher),
    dropped: () => proxies.dropped(),
    close: async () => {
      client.disconnect();
      await proxies.close();
    },
  };
}

/** Matches the call of one script, by SHA1 (EVALSHA) or by source (EVAL). */
function callOf(script: RedisScript) {
  return (command: ProxiedCommand) =>
    (command.name === 'EVALSHA' && command.args[0] === script.sha1) ||
    (command.name === 'EVAL' && command.args[0] === script.script);
}

// The proxy lets the script run, then throws its reply away and cuts the connection; ioredis
// reconnects and sends the script again (`autoResendUnfulfilledCommands`). The second run must
// answer as the first did: the same session, the same evictions, each hook exactly once.
describe.each(TOPOLOGIES)('%s: a reply lost after the script ran', (topology) => {
  let link: Proxied;
  beforeAll(async () => {
    link = await proxied(topology);
  });
  afterAll(() => link.close());

  describe.each([86_400, 0])('revoked records kept %i s', (retention) => {
    const setup = () => {
      const storage = new IoRedisStorage(link.client, { keyPrefix: freshPrefix() });
      const r = recorded(storage, { maxSessionsPerUser: 2, revokedRetentionSeconds: retention });
      const dropped = link.dropped().length;
      const drop = (name: ScriptName) => link.dropNextReplyTo(callOf(SCRIPTS[name]));
      const expectDropped = () => expect(link.dropped().length).toBe(dropped + 1);
      return { ...r, drop, expectDropped, did: randomDid() };
    };

    it('create at the limit: resolves with the session, evicts one, hooks once each', async () => {
      const { manager, created, revoked, drop, expectDropped, did } = setup();
      const a = await manager.createSession(did, metadata());
      const b = await manager.createSession(did, metadata());
      // Newest first: the last is the oldest (two in one millisecond are ordered by id).
      const [newer, oldest] = (await manager.listSessions(did)).map((s) => s.id);
      drop('create');
      const c = await manager.createSession(did, metadata());
      expectDropped();
      expect((await manager.getSession(c.token))?.id).toBe(c.id);
      // As a set: c may share b's millisecond, and a tie is ordered by id.
      expect((await manager.listSessions(did)).map((s) => s.id).sort()).toEqual(
        [c.id, newer].sort(),
      );
      expect(created.map((s) => s.id)).toEqual([a.id, b.id, c.id]);
      expect(revoked).toEqual([{ sessionId: oldest, did, reason: 'evicted' }]);
    });

    it('rotate: resolves with the new session, the old one revoked once', async () => {
      const { manager, revoked, drop, expectDropped, did } = setup();
      const a = await manager.createSession(did, metadata());
      drop('rotate');
      const rotated = await manager.rotateSession(a.id);
      expectDropped();
      expect((await manager.getSession(rotated.token))?.id).toBe(rotated.id);
      expect(await manager.getSession(a.token)).toBeNull();
      expect(revoked).toEqual([{ sessionId: a.id, did, reason: 'rotated' }]);
    });

    it('revoke: the hook fires once', async () => {
      const { manager, revoked, drop, expectDropped, did } = setup();
      const a = await manager.createSession(did, metadata());
      drop('revoke');
      await manager.revokeSession(a.id);
      expectDropped();
      expect(await manager.getSession(a.token)).toBeNull();
      expect(revoked).toEqual([{ sessionId: a.id, did, reason: 'revoked' }]);
    });

    it('revokeOthers: each other session reported once', async () => {
      const { manager, revoked, drop, expectDropped, did } = setup();
      const a = await manager.createSession(did, metadata());
      const b = await manager.createSession(did, metadata());
      drop('revokeOthers');
      await manager.revokeOtherSessions(did, b.id);
      expectDropped();
      expect((await manager.listSessions(did)).map((s) => s.id)).toEqual([b.id]);
      expect(revoked).toEqual([{ sessionId: a.id, did, reason: 'others-revoked' }]);
    });

    it('revokeAll: each session reported once', async () => {
      const { manager, revoked, drop, expectDropped, did } = setup();
      const a = await manager.createSession(did, metadata());
      const b = await manager.createSession(did, metadata());
      drop('revokeAll');
      await manager.revokeAllSessions(did);
      expectDropped();
      expect(await manager.listSessions(did)).toEqual([]);
      expect(revoked.map((e) => e.reason)).toEqual(['revoked-all', 'revoked-all']);
      expect(revoked.map((e) => e.sessionId).sort()).toEqual([a.id, b.id].sort());
    });
  });
});
