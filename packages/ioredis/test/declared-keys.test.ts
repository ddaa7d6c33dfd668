import { IoRedisStorage } from '@coatcheck/ioredis';
import { SCRIPTS } from '@coatcheck/redis';
import { recordClusterScriptKeyAccess, recordScriptKeyAccess } from '@coatcheck/redis-testing';
import { metadata, randomDid, recorded } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, freshPrefix, TOPOLOGIES } from './helpers.js';

// Every command a script runs (MONITOR lines from `lua`, keys found by COMMAND GETKEYS) must
// name only keys the call declared in KEYS[]: the rule Cluster's TRYAGAIN/ASK and Upstash's
// key locking rest on. The workload runs every script, in the branches that write.
describe.each(TOPOLOGIES)('%s: every key a script touches is declared', (topology) => {
  let client: ReturnType<typeof connect>;
  beforeAll(() => {
    client = connect(topology);
  });
  afterAll(() => client.quit());

  it('for each of the ten scripts, under a workload that evicts, slides, rotates and revokes', async () => {
    const storage = new IoRedisStorage(client, { keyPrefix: freshPrefix() });
    const { manager } = recorded(storage, { maxSessionsPerUser: 2, touchIntervalSeconds: 0 });
    const workload = async () => {
      const did = randomDid();
      const a = await manager.createSession(did, metadata());
      const b = await manager.createSession(did, metadata());
      await manager.createSession(did, metadata()); // evicts a
      await manager.getSession(b.token); // slides
      await manager.updateSession(b.id, { scope: ['x'], expiresAt: new Date(Date.now() + 60_000) });
      const rotated = await manager.rotateSession(b.id);
      await manager.listSessions(did, { includeRevoked: true });
      await manager.revokeOtherSessions(did, rotated.id);
      await manager.revokeSession(rotated.id);
      await manager.createSession(did, metadata());
      await manager.revokeAllSessions(did);
      await manager.revokeToken('jti-keys', new Date(Date.now() + 60_000));
      await manager.isTokenRevoked('jti-keys');
      return a.id;
    };
    const report =
      topology === 'standalone'
        ? await recordScriptKeyAccess(inject('standalonePort'), workload)
        : await recordClusterScriptKeyAccess(
            { nodes: inject('clusterPorts').map((port) => ({ port })) },
            workload,
          );
    // EVALSHA names a script by its SHA1, EVAL (a NOSCRIPT fallback) by its source.
    const names = new Map(
      Object.values(SCRIPTS).flatMap((s) => [
        [s.sha1, s.name],
        [s.script, s.name],
      ]),
    );
    const seen = new Set(report.calls.map((call) => names.get(call.script)));
    expect([...seen].sort()).toEqual(Object.keys(SCRIPTS).sort());
    for (const call of report.calls) {
      expect(call.declaredKeys).toHaveLength(1);
      expect(call.commands.length).toBeGreaterThan(0);
    }
    expect(report.violations).toEqual([]);
  });
});
