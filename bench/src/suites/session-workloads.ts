import type { SessionBackend } from '../backends.js';
import { randomDid, randomDids, randomJti, realisticMetadata } from '../fixtures.js';
import type { Op, PreparePlan, Workload } from '../harness.js';
import { fillerOn, managerOn, populate } from './populate.js';

const REFRESH_EVERY_READ = { touchIntervalSeconds: 0 } as const;
const SCOPES = [['atproto'], ['atproto', 'transition:generic']] as const;
const HOUR_MS = 3_600_000;
// Enough distinct sessions that reads are not all served by one hot key.
const READ_USERS = 20;
// In-flight slots prepared for workloads that give each request its own user or session.
const SLOTS = 64;
const PER_USER = 10;

/**
 * Every public operation of `SessionManager` on one backend, as throughput workloads. Each
 * `prepare` starts from an empty backend.
 */
export function sessionWorkloads(backend: SessionBackend): Workload[] {
  const row = (
    key: string,
    label: string,
    prepare: (plan: PreparePlan) => Promise<Op>,
    maxPerWindow?: number,
  ): Workload => {
    // State that operations do not use up is prepared once per row and reused at every
    // concurrency (and for counting), with a slot per in-flight request up to the largest.
    let cached: { op: Op; slots: number } | undefined;
    return {
      id: `${backend.id}.${key}`,
      label,
      prepare: async (plan) => {
        if (maxPerWindow !== undefined) {
          await backend.reset();
          return prepare(plan);
        }
        if (cached && cached.slots >= plan.concurrency) return cached.op;
        await backend.reset();
        const slots = Math.max(plan.concurrency, SLOTS);
        cached = { op: await prepare({ ...plan, concurrency: slots }), slots };
        return cached.op;
      },
      ...(maxPerWindow === undefined ? {} : { consumes: { maxPerWindow } }),
    };
  };

  const withReadPool = async (config = {}) => {
    const sessions = managerOn(backend, config);
    const users = randomDids(READ_USERS);
    const byId = new Map<string, string>();
    const ids = (await populate(fillerOn(backend, config), users, PER_USER, byId)).flat();
    return { sessions, users, ids, tokens: ids.map((id) => byId.get(id)!) };
  };

  return [
    row('createSession.newUser', 'createSession, new user', async () => {
      const sessions = managerOn(backend);
      return (seq) => sessions.createSession(randomDid(), realisticMetadata(seq));
    }),
    row(
      'createSession.atLimit',
      'createSession, user at the limit of 10',
      async ({ concurrency }) => {
        const sessions = managerOn(backend);
        const users = randomDids(concurrency);
        await populate(fillerOn(backend), users, PER_USER);
        return (seq, worker) => sessions.createSession(users[worker]!, realisticMetadata(seq));
      },
    ),
    row(
      'getSession.refresh',
      'getSession, refresh on every read (`touchIntervalSeconds: 0`)',
      async () => {
        const { sessions, tokens } = await withReadPool(REFRESH_EVERY_READ);
        return (seq) => sessions.getSession(tokens[seq % tokens.length]!);
      },
    ),
    row('getSession.default', 'getSession, default touch interval (60 s)', async () => {
      const { sessions, tokens } = await withReadPool();
      return (seq) => sessions.getSession(tokens[seq % tokens.length]!);
    }),
    row('updateSession', 'updateSession (scope)', async () => {
      const { sessions, ids } = await withReadPool();
      return (seq) => sessions.updateSession(ids[seq % ids.length]!, { scope: SCOPES[seq % 2]! });
    }),
    row('listSessions.10', 'listSessions, user with 10 sessions', async () => {
      const { sessions, users } = await withReadPool();
      return (seq) => sessions.listSessions(users[seq % users.length]!);
    }),
    row(
      'revokeSession',
      'revokeSession',
      async ({ items }) => {
        const sessions = managerOn(backend);
        const ids = (
          await populate(fillerOn(backend), randomDids(Math.ceil(items / PER_USER)), PER_USER)
        ).flat();
        return (seq) => sessions.revokeSession(ids[seq]!);
      },
      2000,
    ),
    row(
      'revokeAllSessions.10',
      'revokeAllSessions, user with 10 sessions',
      async ({ items }) => {
        const sessions = managerOn(backend);
        const users = randomDids(items);
        await populate(fillerOn(backend), users, PER_USER);
        return (seq) => sessions.revokeAllSessions(users[seq]!);
      },
      300,
    ),
    row(
      'revokeOtherSessions.10',
      'revokeOtherSessions, user with 10 sessions',
      async ({ items }) => {
        const sessions = managerOn(backend);
        const users = randomDids(items);
        const ids = await populate(fillerOn(backend), users, PER_USER);
        return (seq) => sessions.revokeOtherSessions(users[seq]!, ids[seq]![0]!);
      },
      300,
    ),
    row('rotateSession', 'rotateSession', async ({ concurrency }) => {
      const sessions = managerOn(backend);
      // One chain per in-flight slot: each rotation continues from the id the last one returned.
      const current = (await populate(fillerOn(backend), randomDids(concurrency), 1)).flat();
      return async (_seq, worker) => {
        current[worker] = (await sessions.rotateSession(current[worker]!)).id;
      };
    }),
    row('revokeToken', 'revokeToken', async () => {
      const sessions = managerOn(backend);
      return () => sessions.revokeToken(randomJti(), new Date(Date.now() + HOUR_MS));
    }),
    row('isTokenRevoked', 'isTokenRevoked (token on the list)', async () => {
      const sessions = managerOn(backend);
      const filler = fillerOn(backend);
      const jtis = Array.from({ length: 200 }, randomJti);
      const until = new Date(Date.now() + HOUR_MS);
      await Promise.all(jtis.map((jti) => filler.revokeToken(jti, until)));
      return (seq) => sessions.isTokenRevoked(jtis[seq % jtis.length]!);
    }),
  ];
}
