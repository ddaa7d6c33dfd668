import type { RedisServerTimer } from './request-counter.js';
import type { ScriptCalls, ThroughputFigure } from './results.js';
import { spread } from './stats.js';

/**
 * One operation of a workload. `seq` counts operations from 0 within one prepared state;
 * `worker` is the index of the in-flight slot running it.
 */
export type Op = (seq: number, worker: number) => Promise<unknown>;

/** What a workload is asked to prepare. */
export interface PreparePlan {
  readonly concurrency: number;
  /** For consuming workloads: how many operations the prepared state must serve. */
  readonly items: number;
}

/** Something to measure: a row of a throughput table. */
export interface Workload {
  /** Stable key such as `ioredis.getSession.refresh`. */
  readonly id: string;
  readonly label: string;
  /** Resets the backend, prepares state and returns the operation. */
  prepare(plan: PreparePlan): Promise<Op>;
  /**
   * Set when every operation uses up prepared state (a session to revoke, a user whose
   * sessions are revoked): then windows count operations instead of time, and the state for
   * all of them is prepared up front, at most `maxPerWindow` per window.
   */
  readonly consumes?: { readonly maxPerWindow: number };
}

/** How long and how often to measure. */
export interface BenchSettings {
  readonly windows: number;
  readonly windowMs: number;
  readonly warmupMs: number;
  readonly concurrencies: readonly number[];
  /** Operations run one at a time while requests are counted. */
  readonly countedOps: number;
  /**
   * Seconds a consuming workload may spend preparing its state at one concurrency; its windows
   * shrink (to no fewer than twice the concurrency) to stay within it.
   */
  readonly prepareBudgetSeconds: number;
}

/** Full settings: 5 windows of 180 ms after 150 ms of warm-up, at 1 and 64 in flight. */
export const FULL_SETTINGS: BenchSettings = {
  windows: 5,
  windowMs: 180,
  warmupMs: 150,
  concurrencies: [1, 64],
  countedOps: 20,
  prepareBudgetSeconds: 1.5,
};

/** A fast run to check the bench itself; its figures are noisy. */
export const QUICK_SETTINGS: BenchSettings = {
  windows: 5,
  windowMs: 40,
  warmupMs: 40,
  concurrencies: [1, 64],
  countedOps: 5,
  prepareBudgetSeconds: 0.3,
};

/**
 * Lets timers, I/O and signal handlers run. Operations that resolve at once (MemoryStorage)
 * chain on the microtask queue and would otherwise hold the event loop for a whole row.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `op` with `concurrency` in flight until `ms` have passed; returns ops per second. */
export async function runTimed(op: Op, concurrency: number, ms: number, firstSeq = 0) {
  await yieldToEventLoop();
  let seq = firstSeq;
  let done = 0;
  const start = performance.now();
  const deadline = start + ms;
  const worker = async (index: number) => {
    while (performance.now() < deadline) {
      await op(seq++, index);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  const seconds = (performance.now() - start) / 1000;
  return { opsPerSecond: done / seconds, ops: done, nextSeq: seq };
}

/** Runs `count` operations with `concurrency` in flight; returns ops per second. */
export async function runCounted(op: Op, concurrency: number, count: number, firstSeq = 0) {
  await yieldToEventLoop();
  let seq = firstSeq;
  const end = firstSeq + count;
  const start = performance.now();
  const worker = async (index: number) => {
    while (seq < end) await op(seq++, index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, (_, i) => worker(i)));
  return count / ((performance.now() - start) / 1000);
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

/** CPU time of this process (user + system), in microseconds. */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Window rates, and this process's CPU time per operation over those windows. */
interface Measured {
  readonly rates: number[];
  readonly cpuMicrosPerOp: number;
  /** Redis CPU time per operation over the same windows, when a timer was given. */
  readonly server?: ServerPerOp;
}

/** Redis CPU time per operation over a measurement's windows. */
export interface ServerPerOp {
  readonly microsPerOp: number;
  readonly scriptCalls?: ScriptCalls;
}

/**
 * Sums Redis CPU time over the windows of one measurement: started before each window and
 * read after it, outside the window's timing (the statistics commands are not counted).
 */
class ServerTally {
  readonly #timer: RedisServerTimer | undefined;
  #micros = 0;
  #calls = 0;
  #callMicros = 0;
  #split = true;

  constructor(timer: RedisServerTimer | undefined) {
    this.#timer = timer;
  }

  async start(): Promise<void> {
    await this.#timer?.start();
  }

  async stop(): Promise<void> {
    if (!this.#timer) return;
    const time = await this.#timer.stop();
    this.#micros += time.micros;
    if (time.scriptCalls) {
      this.#calls += time.scriptCalls.calls;
      this.#callMicros += time.scriptCalls.micros;
    } else this.#split = false;
  }

  perOp(ops: number): ServerPerOp | undefined {
    if (!this.#timer || ops === 0) return undefined;
    return {
      microsPerOp: this.#micros / ops,
      ...(this.#split
        ? { scriptCalls: { callsPerOp: this.#calls / ops, microsPerOp: this.#callMicros / ops } }
        : {}),
    };
  }
}

/** Called after each measured window (outside its timing), with the window's index. */
type AfterWindow = (window: number) => Promise<void>;

async function measureTimed(
  workload: Workload,
  concurrency: number,
  settings: BenchSettings,
  afterWindow?: AfterWindow,
  timer?: RedisServerTimer,
): Promise<Measured> {
  const op = await workload.prepare({ concurrency, items: 0 });
  let seq = (await runTimed(op, concurrency, settings.warmupMs)).nextSeq;
  const rates: number[] = [];
  const server = new ServerTally(timer);
  let ops = 0;
  let cpuSpent = 0;
  for (let w = 0; w < settings.windows; w++) {
    await server.start();
    const cpu = cpuMicros();
    const window = await runTimed(op, concurrency, settings.windowMs, seq);
    cpuSpent += cpuMicros() - cpu;
    await server.stop();
    seq = window.nextSeq;
    ops += window.ops;
    rates.push(window.opsPerSecond);
    await afterWindow?.(w);
  }
  return withServer({ rates, cpuMicrosPerOp: cpuSpent / ops }, server.perOp(ops));
}

function withServer(measured: Measured, server: ServerPerOp | undefined): Measured {
  return server === undefined ? measured : { ...measured, server };
}

async function measureConsuming(
  workload: Workload,
  maxPerWindow: number,
  concurrency: number,
  settings: BenchSettings,
  afterWindow?: AfterWindow,
  timer?: RedisServerTimer,
): Promise<Measured> {
  // A short probe, which doubles as the warm-up, sizes the windows so that each lasts about
  // windowMs and the state they use up can be prepared within the budget. A window holds at
  // least one operation per in-flight slot.
  const floor = Math.max(concurrency, 32);
  const probe = Math.min(floor, maxPerWindow);
  const prepareStart = performance.now();
  const probeOp = await workload.prepare({ concurrency, items: probe });
  const prepareSecondsPerItem = (performance.now() - prepareStart) / 1000 / probe;
  const probeRate = await runCounted(probeOp, concurrency, probe);
  const affordable = settings.prepareBudgetSeconds / prepareSecondsPerItem / settings.windows;
  const perWindow = Math.round(
    clamp(Math.min((probeRate * settings.windowMs) / 1000, affordable), floor, maxPerWindow),
  );
  const op = await workload.prepare({ concurrency, items: perWindow * settings.windows });
  const rates: number[] = [];
  const server = new ServerTally(timer);
  let cpuSpent = 0;
  for (let w = 0; w < settings.windows; w++) {
    await server.start();
    const cpu = cpuMicros();
    rates.push(await runCounted(op, concurrency, perWindow, w * perWindow));
    cpuSpent += cpuMicros() - cpu;
    await server.stop();
    await afterWindow?.(w);
  }
  const ops = perWindow * settings.windows;
  return withServer({ rates, cpuMicrosPerOp: cpuSpent / ops }, server.perOp(ops));
}

/**
 * Measures a workload at every configured concurrency; with a timer, also the Redis CPU time
 * per operation over the windows at the largest one (the server as warm and as busy as the row
 * keeps it there, which is where it bounds throughput).
 */
export async function measureThroughput(
  workload: Workload,
  settings: BenchSettings,
  timer?: RedisServerTimer,
): Promise<{ figures: ThroughputFigure[]; server?: ServerPerOp }> {
  const figures: ThroughputFigure[] = [];
  const top = Math.max(...settings.concurrencies);
  let server: ServerPerOp | undefined;
  for (const concurrency of settings.concurrencies) {
    const timed = concurrency === top ? timer : undefined;
    const measured = workload.consumes
      ? await measureConsuming(
          workload,
          workload.consumes.maxPerWindow,
          concurrency,
          settings,
          undefined,
          timed,
        )
      : await measureTimed(workload, concurrency, settings, undefined, timed);
    figures.push({
      concurrency,
      opsPerSecond: spread(measured.rates),
      windows: measured.rates,
      clientCpuMicrosPerOp: measured.cpuMicrosPerOp,
    });
    server ??= measured.server;
  }
  return server === undefined ? { figures } : { figures, server };
}

/**
 * The workload's throughput as a ratio to a reference operation, window by window: each
 * window of the workload is followed by a window of the reference (prepared again before each,
 * since the workload's preparation may reset the backend), and the ratio of each pair is kept.
 * A change of load during the run then moves both sides of each ratio.
 */
export async function measurePairedRatio(
  workload: Workload,
  prepareReference: () => Promise<Op>,
  concurrency: number,
  settings: BenchSettings,
): Promise<number[]> {
  const reference: number[] = [];
  const afterWindow = async () => {
    const op = await prepareReference();
    reference.push((await runTimed(op, concurrency, settings.windowMs)).opsPerSecond);
  };
  const { rates } = workload.consumes
    ? await measureConsuming(
        workload,
        workload.consumes.maxPerWindow,
        concurrency,
        settings,
        afterWindow,
      )
    : await measureTimed(workload, concurrency, settings, afterWindow);
  return rates.map((rate, i) => rate / reference[i]!);
}
