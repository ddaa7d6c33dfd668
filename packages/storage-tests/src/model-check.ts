import {
  type Did,
  didBucket,
  type ExpiryPolicy,
  generateSessionId,
  hashSecret,
  type SessionRecord,
  type SessionStorage,
  silentLogger,
} from '@coatcheck/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomDid, sameBucketDids } from './fixtures.js';
import { findLinearization, type HistoryEntry } from './linearizability.js';
import { type Command, commandArb, policyArb } from './model-commands.js';
import type { ConformanceOptions } from './options.js';
import { ReferenceStorage } from './reference-storage.js';

/** What a history compares: the answers, with what the contract leaves unordered sorted. */
function view(record: SessionRecord | null): unknown {
  if (record === null) return null;
  const { id, did, createdAt, expiresAt, lastActivity, ipAddress, userAgent, deviceId, scope } =
    record;
  return {
    id,
    did,
    createdAt,
    expiresAt,
    lastActivity,
    ipAddress,
    userAgent,
    deviceId,
    scope: [...scope],
    revoked: record.revoked === true,
  };
}

interface Issued {
  readonly id: string;
  readonly did: Did;
  readonly hash: string;
}

/** A command with every argument fixed, so that it runs the same on any storage. */
export interface ConcreteOp {
  /** What the command was, for messages. */
  readonly command: Command;
  /** Runs it and returns the answer in comparable form. */
  run(storage: SessionStorage): Promise<unknown>;
  /** A session this op issues (create, rotate), to pick from later when it succeeded. */
  readonly issues?: Issued;
}

/** What a history runs with: the users, the policy, the clock and the sessions issued so far. */
export interface HistoryEnv {
  readonly dids: readonly [Did, Did];
  readonly policy: ExpiryPolicy & { readonly retentionMs: number };
  readonly issued: Issued[];
  now: number;
  seq: number;
}

const sortIds = (ids: unknown): unknown => (ids === null ? null : [...(ids as string[])].sort());

/** Fixes the arguments of `command` from `env`; `null` for a no-op (a clock move, no target). */
export function concretize(command: Command, env: HistoryEnv, step: number): ConcreteOp | null {
  const { dids, policy } = env;
  const now = env.now;
  const ctx = { now, logger: silentLogger };
  const expiry: ExpiryPolicy = policy;
  const revoking = () => ({
    ...ctx,
    retentionMs: policy.retentionMs,
    operationId: `op${++env.seq}`,
  });
  const target = (n: number): Issued | undefined => env.issued[n % (env.issued.length + 1)];
  const op = (run: ConcreteOp['run'], issues?: Issued): ConcreteOp =>
    issues ? { command, run, issues } : { command, run };
  switch (command.kind) {
    case 'advance':
      env.now += command.ms;
      return null;
    case 'create': {
      const did = dids[command.user]!;
      const id = generateSessionId(didBucket(did));
      const hash = hashSecret(`secret-${id}`);
      const record: SessionRecord = {
        id,
        did,
        createdAt: now,
        expiresAt: now + policy.idleMs,
        lastActivity: now,
        ipAddress: '203.0.113.7',
        userAgent: `model/${step}`,
        ...(step % 2 === 0 ? { deviceId: `d${step}` } : {}),
        scope: ['read'],
      };
      const options = { ...ctx, maxSessions: command.max, retentionMs: policy.retentionMs };
      return op((s) => s.create(record, hash, options), { id, did, hash });
    }
    case 'get': {
      const t = target(command.pick);
      const id = t?.id ?? generateSessionId(didBucket(dids[0]));
      const hash = command.rightSecret && t ? t.hash : hashSecret('wrong');
      return op(async (s) => {
        const found = await s.get(id, hash, { ...ctx, expiry });
        return found && { record: view(found.record), fresh: found.fresh };
      });
    }
    case 'update': {
      const t = target(command.pick);
      if (!t) return null;
      const patch =
        command.patch === 'scope'
          ? { scope: [`s${step}`] }
          : { expiresAt: now + (command.patch === 'sooner' ? 2_000 : 60_000), lastActivity: now };
      return op((s) => s.update(t.id, patch, { ...ctx, expiry }));
    }
    case 'revoke': {
      const t = target(command.pick);
      if (!t) return null;
      const owner = command.owner;
      const did = owner === 'none' ? undefined : owner === 'right' ? t.did : randomDid();
      const options = { ...revoking(), did };
      return op((s) => s.revoke(t.id, options));
    }
    case 'revokeAll': {
      const did = dids[command.user]!;
      const options = revoking();
      return op(async (s) => sortIds(await s.revokeAll(did, options)));
    }
    case 'revokeOthers': {
      const t = target(command.pick);
      if (!t) return null;
      const did = dids[command.user]!;
      const options = revoking();
      return op(async (s) => sortIds(await s.revokeOthers(did, t.id, options)));
    }
    case 'rotate': {
      const t = target(command.pick);
      if (!t) return null;
      const newId = generateSessionId(didBucket(t.did));
      const hash = hashSecret(`secret-${newId}`);
      const options = { ...ctx, expiry, retentionMs: policy.retentionMs };
      return op(async (s) => view(await s.rotate(t.id, newId, hash, options)), {
        id: newId,
        did: t.did,
        hash,
      });
    }
    case 'list': {
      const did = dids[command.user]!;
      const options = { ...ctx, includeRevoked: command.includeRevoked };
      return op(async (s) => (await s.list(did, options)).map(view));
    }
    case 'revokeToken': {
      const jti = `jti-${command.jti}`;
      return op((s) => s.revokeToken(jti, now + command.ttlMs, ctx));
    }
    case 'isTokenRevoked': {
      const jti = `jti-${command.jti}`;
      return op((s) => s.isTokenRevoked(jti, ctx));
    }
  }
}

/** Whether an op's answer says it issued its session (a create always does). */
function succeeded(op: ConcreteOp, answer: unknown): boolean {
  return op.command.kind === 'create' || answer !== null;
}

/** Runs `commands` on `storage` and on the model side by side; returns the first difference. */
async function replay(
  storage: SessionStorage,
  commands: readonly Command[],
  env: HistoryEnv,
): Promise<string | null> {
  const model = new ReferenceStorage();
  for (const [step, command] of commands.entries()) {
    const op = concretize(command, env, step);
    if (!op) continue;
    const actual = await op.run(storage);
    const expected = await op.run(model);
    if (op.issues && succeeded(op, expected)) env.issued.push(op.issues);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      return `step ${step} ${JSON.stringify(command)}: got ${JSON.stringify(actual)}, the model says ${JSON.stringify(expected)}`;
    }
  }
  return null;
}

/**
 * Registers the model check: random command histories (two users, sometimes sharing a
 * bucket; clock moves; right and wrong secrets; every storage method) run on the adapter and
 * on the reference model, whose answers must agree at every step. Needs a manual clock.
 */
export function describeModelCheck(
  options: ConformanceOptions & { readonly modelRuns?: number },
): void {
  if (options.clock === 'real') return;
  describe('model check', () => {
    it('every answer of random histories equals the reference model’s', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(commandArb, { minLength: 5, maxLength: 30 }),
          policyArb,
          fc.boolean(),
          async (commands, policy, collide) => {
            const dids: [Did, Did] = collide ? sameBucketDids() : [randomDid(), randomDid()];
            const env: HistoryEnv = { dids, policy, issued: [], now: Date.now(), seq: 0 };
            const storage = await options.createStorage();
            try {
              const difference = await replay(storage, commands, env);
              expect(difference).toBeNull();
            } finally {
              await options.disposeStorage?.(storage);
            }
          },
        ),
        { numRuns: options.modelRuns ?? 40 },
      );
    }, 120_000);

    it('concurrent histories are linearizable against the model (atomic adapters)', async () => {
      const probe = await options.createStorage();
      const atomic = probe.capabilities.atomic;
      await options.disposeStorage?.(probe);
      if (!atomic) return;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            commandArb.filter((c) => c.kind !== 'advance'),
            { minLength: 3, maxLength: 6 },
          ),
          policyArb,
          async (batch, policy) => {
            const env: HistoryEnv = {
              dids: [randomDid(), randomDid()],
              policy,
              issued: [],
              now: Date.now(),
              seq: 0,
            };
            const storage = await options.createStorage();
            try {
              // A few sessions first, one at a time, so the concurrent ops have targets.
              const setup: ConcreteOp[] = [];
              for (const [step, user] of [0, 0, 0, 1].entries()) {
                const op = concretize({ kind: 'create', user, max: 3 }, env, step)!;
                await op.run(storage);
                env.issued.push(op.issues!);
                setup.push(op);
              }
              const ops = batch
                .map((command, i) => concretize(command, env, 100 + i))
                .filter((op): op is ConcreteOp => op !== null);
              const entries: HistoryEntry[] = await Promise.all(
                ops.map(async (op) => {
                  const invokedAt = performance.now();
                  const answer = await op.run(storage);
                  return { op, answer, invokedAt, returnedAt: performance.now() };
                }),
              );
              const order = await findLinearization(setup, entries);
              expect(
                order,
                `not linearizable: ${JSON.stringify(entries.map((e) => [e.op.command, e.answer]))}`,
              ).not.toBeNull();
            } finally {
              await options.disposeStorage?.(storage);
            }
          },
        ),
        { numRuns: options.modelRuns ?? 40 },
      );
    }, 120_000);
  });
}
