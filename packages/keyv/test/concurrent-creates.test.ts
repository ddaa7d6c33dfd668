import { randomUUID } from 'node:crypto';
import { type Did, SessionManager } from '@coatcheck/core';
import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyvStorage } from '../src/index.js';
import { META } from './support/world.js';

const CREATES = 100;
const LIMIT = 5;

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

type Store = 'memory' | 'redis';

/** `processes` Keyv instances (own adapter, own connection) on one store, as separate servers would be. */
function keyvs(store: Store, processes: number): Keyv[] {
  const shared = new Map();
  return Array.from({ length: processes }, () =>
    store === 'memory'
      ? new Keyv({ store: shared })
      : new Keyv({ store: new KeyvRedis(redis.url) }),
  );
}

/**
 * The measured figure of the README: how many live sessions remain after 100 concurrent creates
 * for one user with a limit of 5. Printed, not asserted: only the safety invariants are.
 */
describe.each<[Store, number]>([
  ['memory', 1],
  ['memory', 4],
  ['redis', 1],
  ['redis', 4],
])(
  `${CREATES} concurrent creates, limit ${LIMIT}, Keyv %s store, %i process(es)`,
  (store, processes) => {
    it('never leaves an evicted session readable or a listed one dead; one process is exact', async () => {
      const instances = keyvs(store, processes);
      try {
        const prefix = `race-${randomUUID()}:`;
        const evicted: string[] = [];
        const managers = instances.map(
          (keyv) =>
            new SessionManager({
              storage: new KeyvStorage(keyv, { keyPrefix: prefix }),
              config: { maxSessionsPerUser: LIMIT },
              hooks: { onSessionRevoked: (event) => void evicted.push(event.sessionId) },
            }),
        );
        const [first] = managers as [SessionManager];
        const did = `did:plc:${randomUUID().replaceAll('-', '')}` as Did;
        const created = await Promise.all(
          Array.from({ length: CREATES }, (_, i) =>
            managers[i % processes]!.createSession(did, META),
          ),
        );
        const listed = new Set((await first.listSessions(did)).map((s) => s.id));
        const live: string[] = [];
        for (const { id, token } of created) if (await first.getSession(token)) live.push(id);
        const unlisted = live.filter((id) => !listed.has(id));
        const evictedInRace = evicted.length;

        expect(
          evicted.filter((id) => live.includes(id)),
          'evicted but readable',
        ).toEqual([]);
        expect(
          [...listed].filter((id) => !live.includes(id)),
          'listed but not readable',
        ).toEqual([]);
        if (processes === 1) {
          expect(live).toHaveLength(LIMIT);
          expect(unlisted).toEqual([]);
        }
        await first.createSession(did, META);
        const after = (await first.listSessions(did)).length;
        expect(after).toBeLessThanOrEqual(LIMIT);
        console.log(
          `[keyv race] ${store}, ${processes} process(es): ${live.length} live after ${CREATES} creates (limit ${LIMIT}), ` +
            `${unlisted.length} of them missing from listSessions, ${evictedInRace} eviction events; ${after} listed after one more create`,
        );
      } finally {
        await Promise.all(instances.map((keyv) => keyv.disconnect()));
      }
    });
  },
);
