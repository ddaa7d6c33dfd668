import { describe, expect, it } from 'vitest';
import { boundOf } from '../src/report/explanations.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderSvg } from '../src/report/svg.js';
import type { BenchResults, ThroughputRow } from '../src/results.js';
import { spread } from '../src/stats.js';

const figure = (concurrency: number, median: number) => ({
  concurrency,
  opsPerSecond: { median, min: median * 0.9, max: median * 1.1, samples: 5 },
  windows: [median],
  clientCpuMicrosPerOp: 12.5,
});
const row = (
  id: string,
  group: string,
  label: string,
  at1: number,
  at64: number,
): ThroughputRow => ({
  id,
  group,
  label,
  figures: [figure(1, at1), figure(64, at64)],
  requestsPerOp: 1,
  requestUnit: 'commands',
  serverMicrosPerOp: 4.25,
});

function results(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    environment: {
      date: '2026-01-01 00:00 UTC',
      node: 'v20.0.0',
      redis: '7.0.15',
      platform: 'Linux test x64',
      cpuModel: 'Test CPU',
      cpuCount: 2,
      loadAverageStart: [0.5, 0.4, 0.3],
      loadAverageEnd: [0.6, 0.5, 0.4],
      loadAverageMax: 0.7,
      packages: [{ name: 'ioredis', version: '6.0.0' }],
      durationSeconds: 120,
      settings: '5 windows',
    },
    throughput: [
      row('limit.get', 'Physical limits', 'raw GET', 10_000, 50_000),
      row('limit.evalsha', 'Physical limits', 'raw EVALSHA', 8_000, 40_000),
      row(
        'ioredis.getSession.refresh',
        'IoRedisStorage',
        'getSession <refresh> & co',
        6_000,
        38_000,
      ),
      {
        ...row(
          'ioredis.createSession.atLimit',
          'IoRedisStorage',
          'createSession at limit',
          4_000,
          20_000,
        ),
        // 100 µs of Redis time per operation: a ceiling of 10,000 ops/s.
        serverMicrosPerOp: 100,
      },
      {
        ...row('ioredis.listSessions.10', 'IoRedisStorage', 'listSessions', 2_000, 10_000),
        pairedRatio: { concurrency: 64, ratio: spread([0.55, 0.6, 0.52, 0.58, 0.57]) },
      },
    ],
    scaling: [1, 10, 100, 1000].map((sessions) => ({
      backend: 'IoRedisStorage',
      operation: 'listSessions',
      sessions,
      msPerOp: spread([sessions * 0.01, sessions * 0.02, sessions * 0.03]),
      commandsPerOp: 1,
    })),
    footprint: [
      { id: 'redis.bytesPerSession', label: 'Redis bytes', value: 350, unit: 'B', detail: 'd' },
      { id: 'bundle.edge', label: 'Edge bundle', value: 6000, unit: 'B', detail: 'd' },
    ],
    skipped: [{ group: 'KeyvStorage', label: '', reason: 'not available' }],
    ...overrides,
  };
}

describe('spread', () => {
  it('takes the median of odd and even counts, with min and max', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, samples: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, samples: 4 });
  });
});

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(results(), 'docs/benchmarks.svg');

  it('shows every row with its ratios to both limits', () => {
    // 38,000 / 50,000 = 0.76 and 38,000 / 40,000 = 0.95 at 64 in flight.
    expect(markdown).toMatch(
      /\| getSession <refresh> & co \| 6,000 \(5,400–6,600\) \| 0\.60 \| 0\.75 \| 38,000 \(34,200–41,800\) \| 0\.76 \| 0\.95 \| 1 \| 4\.25 \| 12\.5 \|/,
    );
  });

  it('checks the goals and explains a miss', () => {
    expect(markdown).toMatch(
      /getSession with refresh on every read.*\| ≥ 0\.9 \| 0\.95 \(38,000 ops\/s\) \| met \|/,
    );
    expect(markdown).toMatch(
      /createSession at the limit of 10.*\| ≥ 0\.7 \| 0\.50 .*\*\*missed\*\*/,
    );
    expect(markdown).toMatch(/Edge bundle \| ≤ 5,000 B \| 6,000 B \| \*\*missed\*\*/);
    expect(markdown).toContain('### Why a figure misses its goal');
    // 0.7 of the EVALSHA limit's 40,000 ops/s, with the per-operation costs behind the miss.
    expect(markdown).toMatch(
      /createSession at the limit of 10.*: Per operation Redis spends 100 µs.*Redis is the bound, a ceiling of about 10,000 ops\/s where the goal needs 28,000\./,
    );
    // The getSession row misses nothing; the bundle's miss is explained from core's share.
    expect(markdown).toMatch(/Edge bundle.*: .*Lua/);
    // Paired windows decide when present: 0.57 although the medians give 10,000 / 40,000.
    expect(markdown).toMatch(
      /listSessions, 10 sessions.*\| ≥ 0\.5 \| 0\.57 \(0\.52–0\.60 over 5 paired windows; 10,000 ops\/s\) \| met \|/,
    );
    expect(markdown).toMatch(/revokeAllSessions, 10 sessions.*\| not measured \| not measured \|/);
  });

  it('lists skipped rows and the environment', () => {
    expect(markdown).toContain('- KeyvStorage: not available');
    expect(markdown).toContain('| Load average (1, 5, 15 min) at start | 0.50, 0.40, 0.30 |');
    expect(markdown).toContain('![Throughput and scaling chart](docs/benchmarks.svg)');
  });
});

describe('the Upstash table', () => {
  const base = results();
  const upstash = (id: string, at1: number, at64: number) =>
    row(id, 'UpstashStorage', id, at1, at64);
  const markdown = renderMarkdown(
    results({
      throughput: [
        ...base.throughput,
        upstash('upstash.limit.get', 500, 10_000),
        upstash('upstash.getSession.refresh', 600, 9_000),
      ],
    }),
    'chart.svg',
  );

  it('divides its rows by its own raw GET too, and only that table', () => {
    // 600 / 500 = 1.20 at 1 in flight, 9,000 / 10,000 = 0.90 at 64.
    expect(markdown).toMatch(
      /\| upstash\.getSession\.refresh \| 600 \(540–660\) \| 0\.06 \| 0\.07 \| 1\.20 \| 9,000 \(8,100–9,900\) \| 0\.18 \| 0\.23 \| 0\.90 \|/,
    );
    expect(markdown.match(/× own GET \|/g)?.length).toBe(2);
  });

  it('checks getSession against the raw @upstash/redis GET', () => {
    expect(markdown).toMatch(
      /UpstashStorage getSession with refresh, ratio to raw `@upstash\/redis` GET at 64 in flight \| ≥ 0\.8 \| 0\.90 \(9,000 against 10,000 ops\/s\) \| met \|/,
    );
  });
});

describe('renderSvg', () => {
  const svg = renderSvg(results());

  it('is one escaped SVG document with a bar per network row', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('getSession &#60;refresh&#62; &#38; co');
    expect(svg).not.toContain('<refresh>');
    expect(svg.match(/class="bar"/g)?.length).toBe(5);
    expect(svg).not.toMatch(/NaN|undefined/);
  });

  it('marks a missed goal in red and a met one in green', () => {
    expect(svg).toContain('stroke="#16a34a"');
    expect(svg).toContain('stroke="#dc2626"');
  });
});

describe('notes', () => {
  it('points out requests not shared under concurrency and growth with sessions per user', () => {
    const base = results();
    const inFlight = (id: string, value: number): ThroughputRow => ({
      ...row(id, 'UpstashStorage', id, 100, 1000),
      requestUnit: 'HTTP requests',
      requestsPerOpInFlight: { concurrency: 64, value },
    });
    const markdown = renderMarkdown(
      results({
        throughput: [
          ...base.throughput,
          inFlight('upstash.limit.get', 1 / 64),
          inFlight('upstash.getSession.refresh', 1),
        ],
      }),
      'chart.svg',
    );
    expect(markdown).toContain('## Notes');
    expect(markdown).toMatch(
      /does not share HTTP requests.*\(0\.0156 requests per raw GET\).*takes 1 request/,
    );
    // The fixture's listSessions takes 0.2 ms at 10 sessions and 20 ms at 1,000.
    expect(markdown).toMatch(
      /Time grows with the sessions a user holds.*listSessions ×100 \(0\.2 ms at 10, 20 ms at 1,000\)/,
    );
    expect(renderMarkdown(results({ scaling: [] }), 'chart.svg')).not.toContain('## Notes');
  });
});

describe('script time split', () => {
  const split = (id: string, server: number, calls: number, micros: number): ThroughputRow => ({
    ...row(id, 'IoRedisStorage', id, 1_000, 10_000),
    serverMicrosPerOp: server,
    scriptCalls: { callsPerOp: calls, microsPerOp: micros },
  });
  const base = results();
  const withSplit = results({
    throughput: [
      ...base.throughput.filter(
        (r) => r.id !== 'limit.evalsha' && r.id !== 'ioredis.createSession.atLimit',
      ),
      split('limit.evalsha', 5, 2, 1.5),
      split('ioredis.createSession.atLimit', 100, 18, 30),
    ],
  });

  it('shows the calls a script made and their share of its Redis time', () => {
    const markdown = renderMarkdown(withSplit, 'chart.svg');
    expect(markdown).toMatch(
      /\| ioredis\.createSession\.atLimit \|.*\| 100 \(18 calls, 30 µs\) \|/,
    );
    expect(markdown).toMatch(/\| limit\.evalsha \|.*\| 5 \(2 calls, 1\.5 µs\) \|/);
  });

  it('explains a miss with the Lua time beside the trivial script', () => {
    expect(boundOf(withSplit, 'ioredis.createSession.atLimit', 0.7)).toContain(
      '30 µs are the 18 calls its script makes and 70 µs the Lua around them, where the trivial script spends 1.5 µs in 2 calls and 3.5 µs around them',
    );
    // Without a split the sentence leaves it out rather than printing holes.
    expect(boundOf(base, 'ioredis.createSession.atLimit', 0.7)).not.toContain('calls its script');
  });
});

describe('boundOf', () => {
  it('names the bound when CPU caps the row below the goal, and the path when it does not', () => {
    const base = results();
    const slow = boundOf(base, 'ioredis.createSession.atLimit', 0.7);
    expect(slow).toContain('Redis is the bound, a ceiling of about 10,000 ops/s');
    // 4.25 µs in Redis and 12.5 µs in the client allow 80,000 ops/s, above 0.9 × 40,000.
    const fast = boundOf(base, 'ioredis.getSession.refresh', 0.9);
    expect(fast).toMatch(/would allow about 80,000 ops\/s, above the 36,000 the goal needs/);
  });
});
