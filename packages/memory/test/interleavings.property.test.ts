// Random interleavings of concurrent operations of one user on MemoryStorage (fast-check's
// scheduler decides when each operation starts, when each storage answer reaches the manager
// and when each hook returns). Checked online: never more than the limit live, never a revoked
// or dead session read back. Checked offline: every storage step, in the order the steps really
// ran, matches a sequential model (exact evictions, slides, revocations and listings).
import {
  type Did,
  didBucket,
  generateSessionId,
  type RevocationReason,
  SessionManager,
  type SessionRecord,
  type SessionStorage,
} from '@coatcheck/core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { MemoryStorage } from '../src/index.js';

const RUNS = Number(process.env.COATCHECK_FUZZ_RUNS ?? 250);
const T0 = 1_700_000_000_000;
const META = { ipAddress: '203.0.113.7', userAgent: 'Mozilla/5.0 Chrome/126.0', scope: ['read'] };

type Op =
  | { readonly kind: 'create' | 'revokeAll' | 'list' }
  | { readonly kind: 'get' | 'revoke'; readonly pick: number }
  | { readonly kind: 'advance'; readonly seconds: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'create' } as const) },
  { weight: 4, arbitrary: fc.nat().map((pick) => ({ kind: 'get', pick }) as const) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'revoke', pick }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'revokeAll' } as const) },
  { weight: 2, arbitrary: fc.constant({ kind: 'list' } as const) },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 1, max: 10 })
      .map((seconds) => ({ kind: 'advance', seconds }) as const),
  },
);

/**
 * Operations come in groups started in the same tick, as requests arriving together: a storage
 * that yields even for a microtask between a check and its write gets caught.
 */
const groupsArb = fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), {
  minLength: 1,
  maxLength: 14,
});

interface Config {
  readonly maxSessionsPerUser: number;
  readonly sessionExpirationSeconds: number;
  readonly touchIntervalSeconds: number;
}

const configArb: fc.Arbitrary<Config> = fc.record({
  maxSessionsPerUser: fc.integer({ min: 1, max: 4 }),
  sessionExpirationSeconds: fc.constantFrom(6, 10, 20),
  touchIntervalSeconds: fc.constantFrom(0, 2, 5),
});

/** One storage step as it ran: MemoryStorage runs each call to completion synchronously. */
interface Step {
  readonly seq: number;
  readonly method: string;
  readonly args: readonly unknown[];
  result?: unknown;
}

/**
 * Forwards to `inner`, numbering each call in the order it ran, and hands the answer back
 * through the scheduler so that the manager's code after each step interleaves at random.
 */
function tracedStorage(inner: MemoryStorage, steps: Step[], s: fc.Scheduler, created: string[]) {
  return new Proxy(inner, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const step: Step = { seq: steps.length, method: String(key), args };
        steps.push(step);
        if (key === 'create') created.push((args[0] as SessionRecord).id);
        const answer = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        return s.schedule(
          answer.then((result) => (step.result = result)),
          `${String(key)} answer`,
        );
      };
    },
  }) as SessionStorage;
}

interface ModelSession {
  readonly id: string;
  readonly createdAt: number;
  lastActivity: number;
  expiresAt: number;
  revoked: boolean;
}

/** The sequential reference: replays the steps in the order they ran and checks each answer. */
function replay(steps: readonly Step[], did: Did, config: Config) {
  const sessions = new Map<string, ModelSession>();
  const revocations = new Map<string, RevocationReason>();
  const idleMs = config.sessionExpirationSeconds * 1000;
  const touchMs = config.touchIntervalSeconds * 1000;
  // Oldest first, ties by id: the order eviction follows (the reverse is the listing order).
  const live = (now: number) =>
    [...sessions.values()]
      .filter((x) => !x.revoked && x.expiresAt > now)
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const revoke = (ids: readonly string[], reason: RevocationReason) => {
    for (const id of ids) {
      sessions.get(id)!.revoked = true;
      expect(revocations.has(id)).toBe(false);
      revocations.set(id, reason);
    }
  };

  for (const step of steps) {
    const now = (step.args.at(-1) as { now: number }).now;
    const id = step.args[0] as string;
    const x = sessions.get(id);
    const isLive = x !== undefined && !x.revoked && x.expiresAt > now;
    switch (step.method) {
      case 'create': {
        const record = step.args[0] as SessionRecord;
        sessions.set(record.id, { ...record, revoked: false });
        const all = live(now);
        // The oldest others go; never the new session, even when it ties on createdAt with an
        // older one whose id sorts after it (createSession must not return a revoked session).
        const evicted = all
          .filter((e) => e.id !== record.id)
          .slice(0, Math.max(0, all.length - config.maxSessionsPerUser));
        expect(step.result).toEqual({ evicted: evicted.map((e) => e.id) });
        revoke(step.result ? (step.result as { evicted: string[] }).evicted : [], 'evicted');
        break;
      }
      case 'get':
        if (!isLive) {
          expect(step.result).toBeNull();
          break;
        }
        {
          const slides = now - x.lastActivity >= touchMs;
          if (slides) {
            x.lastActivity = now;
            x.expiresAt = now + idleMs;
          }
          expect(step.result).toMatchObject({
            record: { id, lastActivity: x.lastActivity, expiresAt: x.expiresAt },
            fresh: slides,
          });
        }
        break;
      case 'revoke':
        expect(step.result).toEqual(isLive ? { did } : null);
        if (isLive) revoke([id], 'revoked');
        break;
      case 'revokeAll': {
        const expected = live(now).map((e) => e.id);
        expect([...(step.result as string[])].sort()).toEqual([...expected].sort());
        revoke(expected, 'revoked-all');
        break;
      }
      case 'list':
        expect((step.result as SessionRecord[]).map((r) => r.id)).toEqual(
          live(now)
            .reverse()
            .map((e) => e.id),
        );
        break;
      default:
        throw new Error(`unexpected storage call ${step.method}`);
    }
    expect(live(now).length).toBeLessThanOrEqual(config.maxSessionsPerUser);
  }
  return revocations;
}

it(`concurrent create/get/revoke/revokeAll/list of one user stay consistent (${RUNS} runs)`, async () => {
  let userNumber = 0;
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), configArb, groupsArb, async (s, config, groups) => {
      const did: Did = `did:plc:interleave${++userNumber}`;
      const steps: Step[] = [];
      const created: string[] = [];
      const hooked = new Map<string, RevocationReason>();
      const dead = new Set<string>(); // ids a finished getSession read as gone
      const tokens = new Map<string, string>(); // by id, once its create resolved
      const hookProblems: string[] = [];
      let now = T0;
      const manager = new SessionManager({
        storage: tracedStorage(new MemoryStorage(), steps, s, created),
        config,
        now: () => now,
        hooks: {
          onSessionRevoked: (event) => {
            // The manager catches what a hook throws, so collect problems instead of asserting.
            if (event.did !== did) hookProblems.push(`event for ${event.did}`);
            if (hooked.has(event.sessionId)) hookProblems.push(`second event (${event.reason})`);
            hooked.set(event.sessionId, event.reason);
            return s.schedule(Promise.resolve(), 'hook returns');
          },
        },
      });
      const unknownId = generateSessionId(didBucket(did));
      const target = (pick: number) => created[pick % (created.length + 1)] ?? unknownId;
      const gone = (id: string) => hooked.has(id) || dead.has(id);

      const run = async (op: Op): Promise<void> => {
        switch (op.kind) {
          case 'create': {
            const session = await manager.createSession(did, META);
            tokens.set(session.id, session.token);
            return;
          }
          case 'get': {
            const id = target(op.pick);
            // A session whose create has not resolved has no token to present yet.
            const token = tokens.get(id);
            if (token === undefined) return;
            const wasGone = gone(id);
            const session = await manager.getSession(token);
            if (wasGone) expect(session).toBeNull();
            if (session === null) dead.add(id);
            else expect(session.id).toBe(id);
            return;
          }
          case 'revoke':
            await manager.revokeSession(target(op.pick));
            return;
          case 'revokeAll':
            await manager.revokeAllSessions(did);
            return;
          case 'list': {
            const goneAtStart = created.filter(gone);
            const list = await manager.listSessions(did);
            expect(list.length).toBeLessThanOrEqual(config.maxSessionsPerUser);
            expect(list.filter((session) => goneAtStart.includes(session.id))).toEqual([]);
            const times = list.map((session) => session.createdAt.getTime());
            expect(times).toEqual([...times].sort((a, b) => b - a));
            return;
          }
          case 'advance':
            now += op.seconds * 1000;
            return;
        }
      };

      const running = groups.map((group, i) =>
        s
          .schedule(Promise.resolve(), `start group ${i}: ${group.map((op) => op.kind).join(', ')}`)
          .then(() => Promise.all(group.map(run))),
      );
      await s.waitFor(Promise.all(running));

      // At rest: the listing is exactly the set of ids getSession still finds (reads at one
      // instant slide sessions but cannot end or revive any).
      const listed = s.waitFor(manager.listSessions(did));
      const ids = new Set((await listed).map((session) => session.id));
      expect(ids.size).toBeLessThanOrEqual(config.maxSessionsPerUser);
      for (const id of created) {
        const found = (await s.waitFor(manager.getSession(tokens.get(id)!))) !== null;
        expect(found).toBe(ids.has(id));
        if (gone(id)) expect(found).toBe(false);
      }

      // Every revocation the storage performed was reported once, with its reason.
      expect(hookProblems).toEqual([]);
      expect(hooked).toEqual(replay(steps, did, config));
    }),
    { numRuns: RUNS },
  );
}, 120_000);

it('a burst of concurrent creates never leaves more than the limit live', async () => {
  let userNumber = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.scheduler(),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 25 }),
      fc.integer({ min: 0, max: 10 }),
      fc.boolean(),
      async (s, limit, creates, lists, together) => {
        const did: Did = `did:plc:burst${++userNumber}`;
        const steps: Step[] = [];
        const created: string[] = [];
        let evictions = 0;
        let tick = T0;
        const manager = new SessionManager({
          storage: tracedStorage(new MemoryStorage(), steps, s, created),
          config: { maxSessionsPerUser: limit },
          // A clock that moves on every read gives every create its own createdAt.
          now: () => tick++,
          hooks: { onSessionRevoked: () => void evictions++ },
        });
        const tasks: Promise<unknown>[] = [];
        // Either all creates start in one tick, or each at its own scheduled time.
        const start = together ? s.schedule(Promise.resolve(), 'start all') : undefined;
        for (let i = 0; i < creates; i++) {
          const at = start ?? s.schedule(Promise.resolve(), `start create ${i}`);
          tasks.push(at.then(() => manager.createSession(did, META)));
        }
        for (let i = 0; i < lists; i++) {
          tasks.push(
            s
              .schedule(Promise.resolve())
              .then(() => manager.listSessions(did))
              .then((list) => expect(list.length).toBeLessThanOrEqual(limit)),
          );
        }
        await s.waitFor(Promise.all(tasks));
        const final = await s.waitFor(manager.listSessions(did));
        expect(final).toHaveLength(Math.min(creates, limit));
        expect(evictions).toBe(Math.max(0, creates - limit));
        // The survivors are the last ones stored.
        expect(final.map((session) => session.id).sort()).toEqual(
          created.slice(-final.length).sort(),
        );
      },
    ),
    { numRuns: RUNS },
  );
}, 120_000);
