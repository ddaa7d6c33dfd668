import {
  type BenchSettings,
  measurePairedRatio,
  measureThroughput,
  type Op,
  runCounted,
  type Workload,
} from './harness.js';
import { reasonOf } from './reason.js';
import { integer } from './report/format.js';
import type { RedisServerTimer, RequestCounter } from './request-counter.js';
import type { SkippedRow, ThroughputRow } from './results.js';
import { spread } from './stats.js';

const WARM_UP_OPS = 3;

/** What the backend sees of a row, one operation at a time. */
export interface RowProbes {
  /** Counts requests (commands or HTTP requests) per operation. */
  readonly counter?: RequestCounter | undefined;
  /** Measures Redis CPU time per operation. */
  readonly timer?: RedisServerTimer | undefined;
  /** Rows also measured in windows paired with the EVALSHA limit (the goal rows). */
  readonly paired?: {
    readonly ids: ReadonlySet<string>;
    readonly reference: () => Promise<Op>;
    readonly concurrency: number;
  };
}

/**
 * Requests per operation, one operation at a time after a warm-up (MONITOR slows the server,
 * so this is kept apart from every timed window); then, for a counter whose requests can carry
 * several operations, the count at the largest concurrency.
 */
async function probeRow(workload: Workload, probes: RowProbes, ops: number, inFlight: number) {
  if (!probes.counter) return {};
  const op = await workload.prepare({ concurrency: 1, items: WARM_UP_OPS + ops });
  let seq = 0;
  for (; seq < WARM_UP_OPS; seq++) await op(seq, 0);
  await probes.counter.start();
  for (const end = seq + ops; seq < end; seq++) await op(seq, 0);
  const requestsPerOp = (await probes.counter.stop()) / ops;
  let requestsPerOpInFlight: { concurrency: number; value: number } | undefined;
  if (probes.counter.batches) {
    const count = 2 * inFlight;
    const batched = await workload.prepare({ concurrency: inFlight, items: count });
    await probes.counter.start();
    await runCounted(batched, inFlight, count);
    requestsPerOpInFlight = { concurrency: inFlight, value: (await probes.counter.stop()) / count };
  }
  return { requestsPerOp, requestsPerOpInFlight };
}

/** Measures one row; a failure becomes a skipped row with its reason instead of ending the run. */
export async function measureRow(
  workload: Workload,
  group: string,
  settings: BenchSettings,
  probes: RowProbes,
  log: (line: string) => void,
): Promise<ThroughputRow | SkippedRow> {
  const start = performance.now();
  try {
    const { figures, server } = await measureThroughput(workload, settings, probes.timer);
    const paired = probes.paired?.ids.has(workload.id)
      ? {
          concurrency: probes.paired.concurrency,
          ratio: spread(
            await measurePairedRatio(
              workload,
              probes.paired.reference,
              probes.paired.concurrency,
              settings,
            ),
          ),
        }
      : undefined;
    const inFlight = Math.max(...settings.concurrencies);
    const { requestsPerOp, requestsPerOpInFlight } = await probeRow(
      workload,
      probes,
      settings.countedOps,
      inFlight,
    );
    const serverMicrosPerOp = server?.microsPerOp;
    const scriptCalls = server?.scriptCalls;
    const counter = probes.counter;
    log(
      `  ${workload.label}: ${figures.map((f) => `${integer(f.opsPerSecond.median)} ops/s at ${f.concurrency}`).join(', ')}${requestsPerOp === undefined ? '' : `, ${requestsPerOp} ${counter?.unit}/op`} (${((performance.now() - start) / 1000).toFixed(1)} s)`,
    );
    return {
      id: workload.id,
      group,
      label: workload.label,
      figures,
      ...(requestsPerOp === undefined ? {} : { requestsPerOp, requestUnit: counter!.unit }),
      ...(serverMicrosPerOp === undefined ? {} : { serverMicrosPerOp }),
      ...(scriptCalls === undefined ? {} : { scriptCalls }),
      ...(requestsPerOpInFlight === undefined ? {} : { requestsPerOpInFlight }),
      ...(paired === undefined ? {} : { pairedRatio: paired }),
    };
  } catch (error) {
    log(`  ${workload.label}: failed: ${reasonOf(error)}`);
    return { group, label: workload.label, reason: `failed: ${reasonOf(error)}` };
  }
}

/**
 * One row from two runs of the same workload (the limits, measured at the start and at the
 * end of the bench so that the ratios do not depend on when the load of the machine changed):
 * the spread over the windows of both, the mean of the CPU times.
 */
export function mergeRuns(first: ThroughputRow, second: ThroughputRow): ThroughputRow {
  const figures = first.figures.map((figure) => {
    const other = second.figures.find((f) => f.concurrency === figure.concurrency);
    if (!other) return figure;
    const windows = [...figure.windows, ...other.windows];
    return {
      concurrency: figure.concurrency,
      opsPerSecond: spread(windows),
      windows,
      clientCpuMicrosPerOp: (figure.clientCpuMicrosPerOp + other.clientCpuMicrosPerOp) / 2,
    };
  });
  const mean = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? (a ?? b) : (a + b) / 2;
  const serverMicrosPerOp = mean(first.serverMicrosPerOp, second.serverMicrosPerOp);
  const a = first.scriptCalls;
  const b = second.scriptCalls;
  const scriptCalls =
    a && b
      ? {
          callsPerOp: (a.callsPerOp + b.callsPerOp) / 2,
          microsPerOp: (a.microsPerOp + b.microsPerOp) / 2,
        }
      : (a ?? b);
  return {
    ...first,
    figures,
    ...(serverMicrosPerOp === undefined ? {} : { serverMicrosPerOp }),
    ...(scriptCalls === undefined ? {} : { scriptCalls }),
  };
}
