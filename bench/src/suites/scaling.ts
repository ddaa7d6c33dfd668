import type { SessionManager } from '@coatcheck/core';
import type { SessionBackend } from '../backends.js';
import { randomDids, realisticMetadata } from '../fixtures.js';
import type { ScalingPoint } from '../results.js';
import { spread } from '../stats.js';
import { fillerOn, managerOn, populate } from './populate.js';

/** Sessions per user at each scaling point. */
export const SCALING_SIZES = [1, 10, 100, 1000] as const;

const WARM_UP = 2;

/** Timed samples per point: fewer where each costs a user with many sessions to set up. */
function samplesFor(sessions: number, quick: boolean): number {
  const full = sessions >= 1000 ? 3 : sessions >= 100 ? 15 : 40;
  return quick ? Math.min(full, 5) : full;
}

type Step = (index: number) => Promise<unknown>;

/**
 * Times `count` operations one at a time after `warmUp` more, then counts requests of
 * `counted` more.
 */
async function timeAndCount(
  backend: SessionBackend,
  step: Step,
  plan: { warmUp: number; count: number; counted: number },
): Promise<{ ms: number[]; perOp: number }> {
  let i = 0;
  for (; i < plan.warmUp; i++) await step(i);
  const ms: number[] = [];
  for (const end = i + plan.count; i < end; i++) {
    const start = performance.now();
    await step(i);
    ms.push(performance.now() - start);
  }
  if (!backend.counter) return { ms, perOp: Number.NaN };
  await backend.counter.start();
  for (const end = i + plan.counted; i < end; i++) await step(i);
  return { ms, perOp: (await backend.counter.stop()) / plan.counted };
}

/**
 * createSession at the limit, listSessions and revokeAllSessions for one user holding 1, 10,
 * 100 and 1,000 sessions: time per operation at one in flight, and requests per operation.
 */
export async function measureScaling(
  backend: SessionBackend,
  options: { quick: boolean; counted: number; log: (line: string) => void },
): Promise<ScalingPoint[]> {
  const points: ScalingPoint[] = [];
  const point = (operation: string, sessions: number, result: { ms: number[]; perOp: number }) => {
    points.push({
      backend: backend.group,
      operation,
      sessions,
      msPerOp: spread(result.ms),
      commandsPerOp: result.perOp,
    });
    options.log(
      `  ${operation} with ${sessions}: ${spread(result.ms).median.toFixed(3)} ms, ${result.perOp} per op`,
    );
  };

  for (const size of SCALING_SIZES) {
    const count = samplesFor(size, options.quick);
    const counted = Math.min(options.counted, count, size >= 1000 ? 1 : 5);
    const plan = { warmUp: WARM_UP, count, counted };
    // Each user revoked costs `size` creates to set up; the script is warm after the first size.
    const revokePlan = { ...plan, warmUp: size === SCALING_SIZES[0] ? WARM_UP : 0 };
    const config = { maxSessionsPerUser: size };

    await backend.reset();
    let sessions: SessionManager = managerOn(backend, config);
    const [user] = randomDids(1);
    await populate(fillerOn(backend, config), [user!], size);
    point(
      'createSession at the limit',
      size,
      await timeAndCount(backend, (i) => sessions.createSession(user!, realisticMetadata(i)), plan),
    );
    point(
      'listSessions',
      size,
      await timeAndCount(backend, () => sessions.listSessions(user!), plan),
    );

    await backend.reset();
    sessions = managerOn(backend, config);
    const users = randomDids(revokePlan.warmUp + count + counted);
    await populate(fillerOn(backend, config), users, size);
    point(
      'revokeAllSessions',
      size,
      await timeAndCount(backend, (i) => sessions.revokeAllSessions(users[i]!), revokePlan),
    );
  }
  return points;
}
