import type { BenchResults, ThroughputRow } from '../results.js';
import { integer, significant, xml } from './format.js';
import { GOAL_CONCURRENCY, medianAt, REFERENCE_ROW, THROUGHPUT_GOALS } from './goals.js';

const WIDTH = 960;
const LABEL_X = 340;
const BAR_END = 860;
const ROW_H = 18;
const COLORS = ['#64748b', '#2563eb', '#0d9488', '#d97706', '#9333ea', '#dc2626'];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

function text(x: number, y: number, body: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${xml(body)}</text>`;
}

/** A row label short enough for the chart: no code marks, no trailing remark in brackets. */
function chartLabel(label: string): string {
  return label.replace(/`/g, '').replace(/\s*\([^)]*\)$/, '');
}

function throughputPanel(results: BenchResults, top: number): { svg: string[]; height: number } {
  // MemoryStorage never leaves the process; at its scale every network row would vanish.
  const rows = results.throughput.filter((r) => !r.group.startsWith('MemoryStorage'));
  const at = (row: ThroughputRow) => row.figures.find((f) => f.concurrency === GOAL_CONCURRENCY);
  const max = Math.max(1, ...rows.map((r) => at(r)?.opsPerSecond.max ?? 0)) * 1.05;
  const x = (value: number) => LABEL_X + ((BAR_END - LABEL_X) * value) / max;
  const out: string[] = [
    text(
      20,
      top + 18,
      `Throughput at ${GOAL_CONCURRENCY} in flight (ops/s, median with min–max)`,
      'font-size="16" font-weight="600"',
    ),
    text(
      20,
      top + 36,
      'Ticks mark the goals of the issue, as a ratio of the EVALSHA limit (green: met, red: missed). MemoryStorage is in BENCHMARKS.md only.',
      'font-size="11" fill="#475569"',
    ),
  ];
  let y = top + 56;
  const groups = [...new Set(rows.map((r) => r.group))];
  const evalsha = medianAt(
    results.throughput.find((r) => r.id === REFERENCE_ROW),
    GOAL_CONCURRENCY,
  );
  const barsTop = y;
  groups.forEach((group, g) => {
    out.push(text(20, y + 13, group, 'font-size="12" font-weight="600"'));
    y += ROW_H;
    for (const row of rows.filter((r) => r.group === group)) {
      const figure = at(row);
      out.push(
        text(LABEL_X - 8, y + 12, chartLabel(row.label), 'font-size="11" text-anchor="end"'),
      );
      if (figure) {
        const { median, min, max: high } = figure.opsPerSecond;
        out.push(
          `<rect class="bar" x="${LABEL_X}" y="${y + 3}" width="${(x(median) - LABEL_X).toFixed(1)}" height="${ROW_H - 6}" fill="${COLORS[g % COLORS.length]}"/>`,
          `<line x1="${x(min).toFixed(1)}" x2="${x(high).toFixed(1)}" y1="${y + ROW_H / 2}" y2="${y + ROW_H / 2}" stroke="#0f172a" stroke-width="1"/>`,
          text(x(high) + 4, y + 12, integer(median), 'font-size="10" fill="#334155"'),
        );
        const goal = THROUGHPUT_GOALS[row.id];
        if (goal !== undefined && Number.isFinite(evalsha)) {
          const gx = x(goal * evalsha).toFixed(1);
          const color = median >= goal * evalsha ? '#16a34a' : '#dc2626';
          out.push(
            `<line x1="${gx}" x2="${gx}" y1="${y}" y2="${y + ROW_H}" stroke="${color}" stroke-width="3"/>`,
          );
        }
      } else {
        out.push(text(LABEL_X + 4, y + 12, 'not measured', 'font-size="10" fill="#94a3b8"'));
      }
      y += ROW_H;
    }
  });
  if (Number.isFinite(evalsha)) {
    const ex = x(evalsha).toFixed(1);
    out.push(
      `<line x1="${ex}" x2="${ex}" y1="${barsTop}" y2="${y}" stroke="#0f172a" stroke-dasharray="4 3" stroke-width="1"/>`,
      text(Number(ex) + 3, barsTop - 4, 'EVALSHA limit', 'font-size="10" fill="#0f172a"'),
    );
  }
  return { svg: out, height: y - top + 10 };
}

function scalingPanel(results: BenchResults, top: number): { svg: string[]; height: number } {
  const backend = results.scaling[0]?.backend;
  if (!backend) return { svg: [], height: 0 };
  const points = results.scaling.filter((p) => p.backend === backend);
  const operations = [...new Set(points.map((p) => p.operation))];
  const values = points.map((p) => p.msPerOp.median).filter((v) => v > 0);
  const low = Math.floor(Math.log10(Math.min(...values)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...values))));
  const left = LABEL_X;
  const right = BAR_END;
  const plotTop = top + 50;
  const plotBottom = top + 270;
  const px = (sessions: number) => left + ((right - left) * Math.log10(sessions)) / 3;
  const py = (ms: number) =>
    plotBottom - ((plotBottom - plotTop) * (Math.log10(ms) - low)) / (high - low);
  const out: string[] = [
    text(
      20,
      top + 18,
      `Scaling: time per operation at 1 in flight, ${backend}`,
      'font-size="16" font-weight="600"',
    ),
    text(
      20,
      top + 36,
      'Log–log; a user holding 1 to 1,000 sessions. Labels: client commands per operation.',
      'font-size="11" fill="#475569"',
    ),
    `<rect x="${left}" y="${plotTop}" width="${right - left}" height="${plotBottom - plotTop}" fill="none" stroke="#cbd5e1"/>`,
  ];
  for (const sessions of [1, 10, 100, 1000]) {
    out.push(
      text(
        px(sessions),
        plotBottom + 16,
        `${integer(sessions)} session${sessions === 1 ? '' : 's'}`,
        'font-size="10" text-anchor="middle"',
      ),
    );
  }
  for (let e = low; e <= high; e++) {
    const ms = 10 ** e;
    out.push(
      `<line x1="${left}" x2="${right}" y1="${py(ms).toFixed(1)}" y2="${py(ms).toFixed(1)}" stroke="#e2e8f0"/>`,
      text(left - 6, py(ms) + 4, `${significant(ms)} ms`, 'font-size="10" text-anchor="end"'),
    );
  }
  operations.forEach((operation, i) => {
    const color = COLORS[(i + 1) % COLORS.length];
    const series = points
      .filter((p) => p.operation === operation)
      .sort((a, b) => a.sessions - b.sessions);
    const path = series
      .map((p) => `${px(p.sessions).toFixed(1)},${py(p.msPerOp.median).toFixed(1)}`)
      .join(' ');
    out.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of series) {
      out.push(
        `<circle cx="${px(p.sessions).toFixed(1)}" cy="${py(p.msPerOp.median).toFixed(1)}" r="3" fill="${color}"/>`,
        text(
          px(p.sessions) + 5,
          py(p.msPerOp.median) - 5,
          significant(p.commandsPerOp),
          `font-size="9" fill="${color}"`,
        ),
      );
    }
    out.push(
      `<rect x="20" y="${plotTop + 10 + i * 18}" width="12" height="12" fill="${color}"/>`,
      text(38, plotTop + 20 + i * 18, operation, 'font-size="11"'),
    );
  });
  return { svg: out, height: plotBottom - top + 30 };
}

/** The chart of a run: throughput bars at 64 in flight, then the scaling lines. */
export function renderSvg(results: BenchResults): string {
  const env = results.environment;
  const header = text(
    20,
    20,
    `coatcheck benchmarks, ${env.date}: Node ${env.node}, Redis ${env.redis}, ${env.cpuCount} CPUs, load ${env.loadAverageStart[0]?.toFixed(2)} at start, ${env.loadAverageMax.toFixed(2)} at most`,
    'font-size="12" fill="#475569"',
  );
  const bars = throughputPanel(results, 30);
  const lines = scalingPanel(results, 30 + bars.height);
  const height = Math.ceil(30 + bars.height + lines.height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ${FONT}>`,
    '<title>coatcheck benchmarks: throughput at 64 in flight and scaling with sessions per user</title>',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    header,
    ...bars.svg,
    ...lines.svg,
    '</svg>',
    '',
  ].join('\n');
}
