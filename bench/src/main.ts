import { mkdir, writeFile } from 'node:fs/promises';
import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import { Redis } from 'ioredis';
import type { SessionBackend } from './backends.js';
import { cpuFacts, loadAverage, packageVersions, redisVersion } from './environment.js';
import { type BenchSettings, FULL_SETTINGS, QUICK_SETTINGS, type Workload } from './harness.js';
import { reasonOf } from './reason.js';
import { GOAL_CONCURRENCY, THROUGHPUT_GOALS } from './report/goals.js';
import { renderMarkdown } from './report/markdown.js';
import { renderSvg } from './report/svg.js';
import { RedisCommandCounter, RedisServerTimer } from './request-counter.js';
import type {
  BenchResults,
  FootprintFigure,
  ScalingPoint,
  SkippedRow,
  ThroughputRow,
} from './results.js';
import { measureRow, mergeRuns, type RowProbes } from './run-row.js';
import {
  ioredisBackend,
  isBackend,
  keyvBackend,
  memoryBackend,
  nodeRedisBackend,
  type RedisContext,
  upstashBackend,
} from './setup-backends.js';
import { edgeBundleFigures } from './suites/bundle-size.js';
import { memoryFootprint, redisFootprint } from './suites/footprint.js';
import { connectRedisWorkloads, evalshaLimit, limitWorkloads } from './suites/redis-baselines.js';
import { measureScaling } from './suites/scaling.js';
import { sessionWorkloads } from './suites/session-workloads.js';

// dist/main.js -> the repository root, where the report goes.
const ROOT = new URL('../../', import.meta.url);
const REPORT = new URL('BENCHMARKS.md', ROOT);
const CHART_PATH = 'docs/benchmarks.svg';

const log = (line: string) => console.log(line);

// Servers and clients to close, last first: at the end, and on Ctrl-C so no redis-server is left.
const closers: (() => Promise<unknown> | unknown)[] = [];
async function closeAll() {
  for (const close of closers.splice(0).reverse()) {
    try {
      await close();
    } catch {
      // Best effort: a server already gone is fine at shutdown.
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void closeAll().finally(() => process.exit(130));
  });
}

/** Sections a run can be limited to with `--only=a,b` (the limits always run). */
export const SECTIONS = [
  'ioredis',
  'node-redis',
  'connect-redis',
  'upstash',
  'keyv',
  'memory',
  'scaling',
  'footprint',
] as const;

async function run(
  settings: BenchSettings,
  quick: boolean,
  wants: (section: (typeof SECTIONS)[number]) => boolean,
): Promise<BenchResults> {
  const started = performance.now();
  const loadAverageStart = loadAverage();
  // Other work on the machine moves every figure: keep the worst load seen for the report.
  let loadAverageMax = loadAverageStart[0] ?? 0;
  const sampler = setInterval(() => {
    loadAverageMax = Math.max(loadAverageMax, loadAverage()[0] ?? 0);
  }, 5000);
  sampler.unref();
  closers.unshift(() => clearInterval(sampler));
  const throughput: ThroughputRow[] = [];
  const scaling: ScalingPoint[] = [];
  const footprint: FootprintFigure[] = [];
  const skipped: SkippedRow[] = [];

  // First, while the heap holds little else.
  log('footprint: MemoryStorage heap');
  const heap = wants('footprint') ? await memoryFootprint() : null;
  if (heap) footprint.push(heap);
  else if (wants('footprint'))
    skipped.push({
      group: 'MemoryStorage heap bytes per session',
      label: '',
      reason: 'run node with --expose-gc',
    });

  const redis: RedisServer = await startRedisServer();
  closers.push(() => redis.stop());
  const admin = new Redis(redis.port, redis.host);
  const client = new Redis(redis.port, redis.host);
  closers.push(
    () => admin.quit(),
    () => client.quit(),
  );
  try {
    const ctx: RedisContext = {
      url: redis.url,
      client,
      reset: async () => {
        await admin.flushall('SYNC');
      },
      counter: new RedisCommandCounter(admin),
      onClose: (close) => closers.push(close),
    };
    const timer = new RedisServerTimer(admin);
    const redisProbes: RowProbes = { counter: ctx.counter, timer };
    // The goal rows are also measured window by window against the EVALSHA limit.
    const paired = {
      ids: new Set(Object.keys(THROUGHPUT_GOALS)),
      reference: evalshaLimit(client),
      concurrency: GOAL_CONCURRENCY,
    };
    const record = async (group: string, workloads: Workload[], probes: RowProbes) => {
      for (const workload of workloads) {
        const row = await measureRow(workload, group, settings, probes, log);
        if ('reason' in row) skipped.push(row);
        else throughput.push(row);
      }
    };

    log('throughput: physical limits');
    const LIMITS = 'Physical limits (one ioredis client, measured at the start and at the end)';
    await record(LIMITS, limitWorkloads(client, ctx.reset), redisProbes);

    const backends: SessionBackend[] = [];
    for (const setup of [ioredisBackend, nodeRedisBackend, upstashBackend, keyvBackend]) {
      try {
        const result = await setup(ctx);
        if (isBackend(result) && !wants(result.id as (typeof SECTIONS)[number])) continue;
        if (isBackend(result)) backends.push(result);
        else {
          log(`${result.group}: not available: ${result.reason}`);
          skipped.push({ group: result.group, label: '', reason: result.reason });
        }
      } catch (error) {
        log(`backend setup failed: ${reasonOf(error)}`);
        skipped.push({ group: setup.name, label: '', reason: `setup failed: ${reasonOf(error)}` });
      }
    }

    // The TCP clients side by side; node-redis's getSession is paired with its own EVALSHA.
    const tcp = (b: SessionBackend) => b.id === 'ioredis' || b.id === 'node-redis';
    for (const backend of backends.filter(tcp)) {
      log(`throughput: ${backend.group}`);
      const own = backend.evalshaReference;
      await record(backend.group, [...(backend.baselines ?? []), ...sessionWorkloads(backend)], {
        counter: backend.counter,
        timer,
        paired: own
          ? {
              ids: new Set([`${backend.id}.getSession.refresh`]),
              reference: own,
              concurrency: GOAL_CONCURRENCY,
            }
          : paired,
      });
    }
    if (wants('connect-redis')) {
      log('throughput: connect-redis');
      await record(
        'connect-redis 8.1 + express-session (the alternative)',
        connectRedisWorkloads(client, ctx.reset),
        redisProbes,
      );
    }
    for (const backend of backends.filter((b) => !tcp(b))) {
      log(`throughput: ${backend.group}`);
      await record(backend.group, [...(backend.baselines ?? []), ...sessionWorkloads(backend)], {
        counter: backend.counter,
        timer,
        paired,
      });
    }
    if (wants('memory')) {
      const memory = memoryBackend();
      log(`throughput: ${memory.group}`);
      await record(memory.group, sessionWorkloads(memory), {});
    }

    log('throughput: physical limits again');
    for (const workload of limitWorkloads(client, ctx.reset)) {
      const again = await measureRow(workload, LIMITS, settings, redisProbes, log);
      const index = throughput.findIndex((row) => row.id === workload.id);
      if (!('reason' in again) && index >= 0)
        throughput[index] = mergeRuns(throughput[index]!, again);
    }

    for (const backend of backends.filter((b) => b.scaling && wants('scaling'))) {
      log(`scaling: ${backend.group}`);
      try {
        scaling.push(
          ...(await measureScaling(backend, { quick, counted: settings.countedOps, log })),
        );
      } catch (error) {
        skipped.push({ group: backend.group, label: 'scaling', reason: reasonOf(error) });
      }
    }

    const ioredis = backends.find((b) => b.id === 'ioredis');
    log('footprint: Redis');
    if (!wants('footprint')) log('  skipped');
    else if (ioredis) footprint.unshift(...(await redisFootprint(ioredis, admin, client)));
    else
      skipped.push({
        group: 'Redis bytes per session',
        label: '',
        reason: 'IoRedisStorage is not available',
      });

    log('footprint: edge bundle');
    try {
      if (wants('footprint')) footprint.push(...(await edgeBundleFigures()));
    } catch (error) {
      skipped.push({ group: 'Edge bundle size', label: '', reason: reasonOf(error) });
    }

    return {
      environment: {
        date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        node: process.version,
        redis: await redisVersion(admin),
        ...cpuFacts(),
        loadAverageStart,
        loadAverageEnd: loadAverage(),
        loadAverageMax: Math.max(loadAverageMax, loadAverage()[0] ?? 0),
        packages: await packageVersions(),
        durationSeconds: (performance.now() - started) / 1000,
        settings: `${settings.windows} windows of ${settings.windowMs} ms after ${settings.warmupMs} ms warm-up${quick ? ' (quick run: figures are rough)' : ''}`,
      },
      throughput,
      scaling,
      footprint,
      skipped,
    };
  } finally {
    await closeAll();
  }
}

async function main() {
  const quick = process.argv.includes('--quick');
  const only = process.argv
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const wants = (section: string) => !only || only.includes(section);
  const results = await run(quick ? QUICK_SETTINGS : FULL_SETTINGS, quick, wants);
  await mkdir(new URL('docs/', ROOT), { recursive: true });
  await writeFile(REPORT, renderMarkdown(results, CHART_PATH));
  await writeFile(new URL(CHART_PATH, ROOT), renderSvg(results));
  log(
    `wrote BENCHMARKS.md and ${CHART_PATH} in ${Math.round(results.environment.durationSeconds)} s`,
  );
  for (const row of results.skipped) log(`not available: ${row.group} ${row.label}: ${row.reason}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
