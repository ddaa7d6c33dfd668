import type { BenchResults, ScalingPoint, ThroughputRow } from '../results.js';
import { SCALING_SIZES } from '../suites/scaling.js';
import { explainMiss } from './explanations.js';
import { integer, msSpread, opsSpread, ratio, significant, table } from './format.js';
import { checkGoals, medianAt, verdict } from './goals.js';
import { renderNotes } from './notes.js';

const GET_ROW = 'limit.get';
const EVALSHA_ROW = 'limit.evalsha';

function headline(results: BenchResults): string {
  const checks = checkGoals(results);
  const rows = checks.map((c) => [c.figure, c.goal, c.measured, verdict(c)]);
  const missed = checks.filter((c) => c.met === false);
  const why = missed.map((c) => `- **${c.figure}**: ${explainMiss(results, c.id, c.target)}`);
  return [
    '## Headline',
    '',
    table(['Figure', 'Goal', 'Measured', 'Verdict'], rows),
    '',
    'A throughput ratio here is the median of paired windows at 64 in flight: each window of the',
    'row is followed by a window of raw EVALSHA and the ratio of each pair is kept (min–max in',
    'brackets), so that a change of load during the run moves both sides. The throughput tables',
    'below divide medians instead.',
    ...(missed.length > 0 ? ['', '### Why a figure misses its goal', '', ...why] : []),
  ].join('\n');
}

function environment(results: BenchResults): string {
  const env = results.environment;
  const load = (values: readonly number[]) => values.map((v) => v.toFixed(2)).join(', ');
  return [
    '## Environment',
    '',
    table(
      ['Fact', 'Value'],
      [
        ['Date', env.date],
        ['Node.js', env.node],
        ['Redis', env.redis],
        ['Platform', env.platform],
        ['CPU', `${env.cpuCount} × ${env.cpuModel}`],
        ['Load average (1, 5, 15 min) at start', load(env.loadAverageStart)],
        ['Load average (1, 5, 15 min) at end', load(env.loadAverageEnd)],
        [
          'Highest 1-minute load average during the run',
          `${env.loadAverageMax.toFixed(2)}${env.loadAverageMax > env.cpuCount ? ' (above the CPU count: the machine was busy, figures are low and noisy)' : ''}`,
        ],
        ['Run time', `${Math.round(env.durationSeconds)} s`],
        ['Settings', env.settings],
      ],
    ),
    '',
    table(
      ['Package', 'Version'],
      env.packages.map((p) => [`\`${p.name}\``, p.version]),
    ),
  ].join('\n');
}

function throughputTable(results: BenchResults, rows: readonly ThroughputRow[]): string {
  const get = results.throughput.find((r) => r.id === GET_ROW);
  const evalsha = results.throughput.find((r) => r.id === EVALSHA_ROW);
  // A table with its own transport's raw GET (Upstash) is also divided by that one.
  const own = rows.find((r) => r.id !== GET_ROW && r.id.endsWith(`.${GET_ROW}`));
  const levels = [...new Set(rows.flatMap((r) => r.figures.map((f) => f.concurrency)))];
  const header = ['Operation'];
  for (const c of levels) {
    header.push(`ops/s at ${c} (min–max)`, `× GET`, `× EVALSHA`, ...(own ? ['× own GET'] : []));
  }
  const unit = rows.find((r) => r.requestUnit)?.requestUnit;
  if (unit) header.push(`${unit} / op`);
  const server = rows.some((r) => r.serverMicrosPerOp !== undefined);
  const top = levels[levels.length - 1];
  if (server) header.push(`Redis µs / op at ${top}`);
  header.push(`client CPU µs / op at ${top}`);
  const body = rows.map((row) => {
    const cells = [row.label];
    for (const c of levels) {
      const figure = row.figures.find((f) => f.concurrency === c);
      const median = figure?.opsPerSecond.median ?? Number.NaN;
      cells.push(
        figure ? opsSpread(figure.opsPerSecond) : 'n/a',
        ratio(median / medianAt(get, c)),
        ratio(median / medianAt(evalsha, c)),
      );
      if (own) cells.push(ratio(median / medianAt(own, c)));
    }
    if (unit) {
      const inFlight = row.requestsPerOpInFlight;
      cells.push(
        row.requestsPerOp === undefined
          ? 'n/a'
          : `${significant(row.requestsPerOp)}${inFlight ? ` (${significant(inFlight.value)} at ${inFlight.concurrency})` : ''}`,
      );
    }
    if (server) cells.push(serverCell(row));
    const cpu = row.figures.find((f) => f.concurrency === top)?.clientCpuMicrosPerOp;
    cells.push(significant(cpu ?? Number.NaN));
    return cells;
  });
  return table(header, body);
}

/** Redis µs per operation; for a script, with the calls it made and the µs spent in them. */
function serverCell(row: ThroughputRow): string {
  const total = significant(row.serverMicrosPerOp ?? Number.NaN);
  const calls = row.scriptCalls;
  if (!calls || row.serverMicrosPerOp === undefined) return total;
  return `${total} (${significant(calls.callsPerOp)} calls, ${significant(calls.microsPerOp)} µs)`;
}

function throughput(results: BenchResults): string {
  const groups = [...new Set(results.throughput.map((r) => r.group))];
  const parts = [
    '## Throughput',
    '',
    'Operations per second from one Node.js process, at 1 and at 64 requests in flight, on one',
    'shared client connection. Each figure is the median of the measured windows (min–max in',
    'brackets), taken after a warm-up; `× GET` and `× EVALSHA` divide it by the physical-limit',
    'row of the same run at the same concurrency, and `× own GET` (Upstash) by the raw GET of the',
    "table's own client and transport. Then what the server saw per operation, with",
    'operations run one at a time: client commands (MONITOR lines not issued by a script) or',
    'HTTP requests. Last, two CPU times per operation over the windows at 64 in flight: Redis',
    "(`INFO commandstats`; for a script, the script's time, which includes the calls it makes —",
    'in brackets those calls and their share, the rest being the Lua around them and the script',
    'call itself), and the bench process (the client library, coatcheck, and for Upstash the dev',
    'server, which runs in the same process). A row is bound by whichever of the two is larger:',
    'Redis runs on one core, the bench on the other.',
  ];
  for (const group of groups) {
    parts.push(
      '',
      `### ${group}`,
      '',
      throughputTable(
        results,
        results.throughput.filter((r) => r.group === group),
      ),
    );
  }
  return parts.join('\n');
}

function scaling(results: BenchResults): string {
  const backends = [...new Set(results.scaling.map((p) => p.backend))];
  const parts = [
    '## Scaling with sessions per user',
    '',
    'One user holding 1, 10, 100 or 1,000 sessions (`maxSessionsPerUser` set to that number, so',
    'createSession evicts the oldest each time). Time per operation at one in flight: median',
    '(min–max) of single operations after a warm-up. Commands: client commands per operation as',
    'the server sees them, calls made inside a Lua script not counted.',
  ];
  for (const backend of backends) {
    const points = results.scaling.filter((p) => p.backend === backend);
    const operations = [...new Set(points.map((p) => p.operation))];
    const cell = (p: ScalingPoint | undefined) =>
      p ? `${msSpread(p.msPerOp)}, ${significant(p.commandsPerOp)} cmd` : 'n/a';
    const rows = operations.map((operation) => [
      operation,
      ...SCALING_SIZES.map((size) =>
        cell(points.find((p) => p.operation === operation && p.sessions === size)),
      ),
    ]);
    parts.push(
      '',
      `### ${backend}`,
      '',
      table(['Operation', ...SCALING_SIZES.map((s) => `${integer(s)} per user`)], rows),
    );
  }
  return parts.join('\n');
}

function footprint(results: BenchResults): string {
  return [
    '## Footprint',
    '',
    table(
      ['Figure', 'Measured', 'How'],
      results.footprint.map((f) => [f.label, `${integer(f.value)} ${f.unit}`, f.detail]),
    ),
  ].join('\n');
}

function skipped(results: BenchResults): string {
  if (results.skipped.length === 0) return '';
  return [
    '## Not measured in this run',
    '',
    ...results.skipped.map((s) => `- ${s.group}${s.label ? `, ${s.label}` : ''}: ${s.reason}`),
  ].join('\n');
}

/** The whole BENCHMARKS.md. */
export function renderMarkdown(results: BenchResults, chartPath: string): string {
  const intro = [
    '# Benchmarks',
    '',
    '<!-- Generated by `pnpm bench` (bench/src/main.ts). Edits are overwritten by the next run. -->',
    '',
    `Measured figures from one run of \`pnpm bench\` on ${results.environment.date}: coatcheck against a bare`,
    'Redis round trip (the physical limit), against connect-redis, and across its adapters. How to',
    'run and read it: [bench/README.md](bench/README.md).',
    '',
    `![Throughput and scaling chart](${chartPath})`,
  ].join('\n');
  const sections = [
    intro,
    headline(results),
    environment(results),
    throughput(results),
    scaling(results),
    footprint(results),
    renderNotes(results),
    skipped(results),
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}
