import { describe, expect, it } from 'vitest';
import {
  type ConcreteOp,
  concretize,
  findLinearization,
  type HistoryEnv,
  ReferenceStorage,
  randomDid,
} from '../src/index.js';

function env(): HistoryEnv {
  const policy = { idleMs: 10_000, absoluteMs: 0, touchIntervalMs: 0, retentionMs: 5_000 };
  return { dids: [randomDid(), randomDid()], policy, issued: [], now: Date.now(), seq: 0 };
}

/** One session A, then two creates B and C for the same user under a limit of 1. */
async function twoCreatesAtLimit() {
  const e = env();
  const a = concretize({ kind: 'create', user: 0, max: 1 }, e, 0)!;
  e.issued.push(a.issues!);
  const b = concretize({ kind: 'create', user: 0, max: 1 }, e, 1)!;
  const c = concretize({ kind: 'create', user: 0, max: 1 }, e, 2)!;
  return { a, b, c };
}

const at = (op: ConcreteOp, answer: unknown, invokedAt: number, returnedAt: number) => ({
  op,
  answer,
  invokedAt,
  returnedAt,
});

describe('findLinearization', () => {
  it('finds the order of a history an atomic storage produced', async () => {
    const { a, b, c } = await twoCreatesAtLimit();
    const storage = new ReferenceStorage();
    await a.run(storage);
    const [bAnswer, cAnswer] = await Promise.all([b.run(storage), c.run(storage)]);
    const order = await findLinearization([a], [at(b, bAnswer, 0, 2), at(c, cAnswer, 1, 3)]);
    expect(order).toEqual([0, 1]);
  });

  it('rejects a history no sequential order explains (both creates evicting A)', async () => {
    const { a, b, c } = await twoCreatesAtLimit();
    const evictedA = { evicted: [a.issues!.id] };
    const entries = [at(b, evictedA, 0, 2), at(c, evictedA, 1, 3)];
    expect(await findLinearization([a], entries)).toBeNull();
  });

  it('respects real time: an operation that returned first cannot be ordered after one started later', async () => {
    const { a, b, c } = await twoCreatesAtLimit();
    const model = new ReferenceStorage();
    await a.run(model);
    const cFirst = await c.run(model); // c evicts a
    const bSecond = await b.run(model); // b evicts c
    // Claimed: b returned before c was invoked, yet the answers need c first.
    const entries = [at(b, bSecond, 0, 1), at(c, cFirst, 2, 3)];
    expect(await findLinearization([a], entries)).toBeNull();
    // With overlapping calls the same answers are fine.
    const overlapping = [at(b, bSecond, 0, 3), at(c, cFirst, 1, 2)];
    expect(await findLinearization([a], overlapping)).toEqual([1, 0]);
  });
});
