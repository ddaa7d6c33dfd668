import type { BenchResults, ThroughputRow } from '../results.js';
import { integer, ratio, significant } from './format.js';

/** Throughput goals: row id -> least ratio to raw EVALSHA at {@link GOAL_CONCURRENCY}. */
export const THROUGHPUT_GOALS: Readonly<Record<string, number>> = {
  'ioredis.getSession.refresh': 0.9,
  'ioredis.createSession.atLimit': 0.7,
  'ioredis.listSessions.10': 0.5,
  'ioredis.revokeAllSessions.10': 0.5,
};

/** The row every throughput goal is a ratio to. */
export const REFERENCE_ROW = 'limit.evalsha';

/**
 * Goals on the Upstash transport: row id -> least ratio to raw `@upstash/redis` `GET` (with
 * its auto-pipelining, through the same dev server) at {@link GOAL_CONCURRENCY}, medians of
 * the same run.
 */
export const UPSTASH_GOALS: Readonly<Record<string, number>> = {
  'upstash.getSession.refresh': 0.8,
};

/** The row the Upstash goals are a ratio to. */
export const UPSTASH_REFERENCE_ROW = 'upstash.limit.get';
/** The concurrency the throughput goals are stated at. */
export const GOAL_CONCURRENCY = 64;

/** One goal of the issue, checked against a run. */
export interface GoalCheck {
  readonly id: string;
  readonly figure: string;
  readonly goal: string;
  /** The measured figure as text, or `not measured`. */
  readonly measured: string;
  /** `true` met, `false` missed, `null` not measured. */
  readonly met: boolean | null;
  /** The goal as a number (a ratio, a count or bytes). */
  readonly target: number;
}

/** Median ops/s of `row` at `concurrency`. */
export function medianAt(row: ThroughputRow | undefined, concurrency: number): number {
  return row?.figures.find((f) => f.concurrency === concurrency)?.opsPerSecond.median ?? Number.NaN;
}

function ratioGoal(results: BenchResults, id: string, figure: string): GoalCheck {
  const min = THROUGHPUT_GOALS[id] ?? Number.NaN;
  const row = results.throughput.find((r) => r.id === id);
  const reference = results.throughput.find((r) => r.id === REFERENCE_ROW);
  // Paired windows when the run has them: they hold up when the load changes during the run.
  const paired = row?.pairedRatio;
  const value = paired
    ? paired.ratio.median
    : medianAt(row, GOAL_CONCURRENCY) / medianAt(reference, GOAL_CONCURRENCY);
  const known = Number.isFinite(value);
  const detail = paired
    ? `${ratio(paired.ratio.min)}–${ratio(paired.ratio.max)} over ${paired.ratio.samples} paired windows; ${integer(medianAt(row, GOAL_CONCURRENCY))} ops/s`
    : `${integer(medianAt(row, GOAL_CONCURRENCY))} ops/s`;
  return {
    id,
    figure: `${figure}, ratio to raw EVALSHA at ${GOAL_CONCURRENCY} in flight`,
    goal: `≥ ${min}`,
    measured: known ? `${ratio(value)} (${detail})` : 'not measured',
    met: known ? value >= min : null,
    target: min,
  };
}

function upstashGoal(results: BenchResults, id: string, figure: string): GoalCheck {
  const min = UPSTASH_GOALS[id] ?? Number.NaN;
  const row = results.throughput.find((r) => r.id === id);
  const reference = results.throughput.find((r) => r.id === UPSTASH_REFERENCE_ROW);
  const value = medianAt(row, GOAL_CONCURRENCY) / medianAt(reference, GOAL_CONCURRENCY);
  const known = Number.isFinite(value);
  return {
    id,
    figure: `${figure}, ratio to raw \`@upstash/redis\` GET at ${GOAL_CONCURRENCY} in flight`,
    goal: `≥ ${min}`,
    measured: known
      ? `${ratio(value)} (${integer(medianAt(row, GOAL_CONCURRENCY))} against ${integer(medianAt(reference, GOAL_CONCURRENCY))} ops/s)`
      : 'not measured',
    met: known ? value >= min : null,
    target: min,
  };
}

function maxGoal(
  results: BenchResults,
  id: string,
  label: string,
  goal: number,
  unit: string,
): GoalCheck {
  const figure = results.footprint.find((f) => f.id === id);
  return {
    id,
    figure: figure?.label ?? label,
    goal: `≤ ${integer(goal)} ${unit}`,
    measured: figure ? `${integer(figure.value)} ${figure.unit}` : 'not measured',
    met: figure ? figure.value <= goal : null,
    target: goal,
  };
}

/** Edge bundle goal: 5 KB read strictly as 5,000 bytes. */
export const EDGE_BUNDLE_GOAL = 5000;
/** Redis bytes per session goal. */
export const REDIS_BYTES_GOAL = 400;

/** Every goal of the issue, in the order of the headline table. */
export function checkGoals(results: BenchResults): GoalCheck[] {
  const ioredisPoints = results.scaling.filter((p) => p.backend.startsWith('IoRedisStorage'));
  const counts = ioredisPoints.map((p) => p.commandsPerOp);
  const commandsKnown = counts.length > 0 && counts.every(Number.isFinite);
  const worst = commandsKnown ? Math.max(...counts) : Number.NaN;
  return [
    ratioGoal(results, 'ioredis.getSession.refresh', 'getSession with refresh on every read'),
    ratioGoal(results, 'ioredis.createSession.atLimit', 'createSession at the limit of 10'),
    ratioGoal(results, 'ioredis.listSessions.10', 'listSessions, 10 sessions'),
    ratioGoal(results, 'ioredis.revokeAllSessions.10', 'revokeAllSessions, 10 sessions'),
    upstashGoal(results, 'upstash.getSession.refresh', 'UpstashStorage getSession with refresh'),
    {
      id: 'commands',
      figure: 'Client commands per operation, IoRedisStorage, 1 to 1,000 sessions per user',
      goal: 'exactly 1',
      measured: commandsKnown
        ? counts.every((c) => c === 1)
          ? '1 at every point'
          : `${significant(Math.min(...counts))} to ${significant(worst)}`
        : 'not measured',
      met: commandsKnown ? counts.every((c) => c === 1) : null,
      target: 1,
    },
    maxGoal(results, 'redis.bytesPerSession', 'Redis bytes per session', REDIS_BYTES_GOAL, 'B'),
    maxGoal(results, 'bundle.edge', 'Edge bundle, core + upstash adapter', EDGE_BUNDLE_GOAL, 'B'),
  ];
}

/** `met`, `missed` or `not measured`. */
export function verdict(check: GoalCheck): string {
  return check.met === null ? 'not measured' : check.met ? 'met' : '**missed**';
}
