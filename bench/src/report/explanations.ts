import type { BenchResults, ThroughputRow } from '../results.js';
import { integer, significant } from './format.js';
import { EDGE_BUNDLE_GOAL, GOAL_CONCURRENCY, medianAt, REFERENCE_ROW } from './goals.js';

/**
 * What the code does that costs more than the limit's one GET and one PEXPIRE, by goal id:
 * written from reading `@coatcheck/redis` and core when these figures were analysed. Update it
 * when the scripts or the codec change.
 */
const CAUSES: Readonly<Record<string, string>> = {
  'ioredis.getSession.refresh':
    'Against the trivial script, the get script sends two more commands inside Lua (it writes the whole record back with `SET … PX` and checks the index TTL with `PTTL`, extending it with `PEXPIRE` when short) and does string work on the record: a pattern match of its header, then a rebuilt header spliced onto the rest. The client validates the id and decodes the whole record text (hex times, scope JSON, unescaped text, DID syntax) into a frozen `Session` with three `Date`s, where raw EVALSHA hands back a string. Both sides are a few times the limit, so neither alone closes the gap. Left to try: a cheaper client decode (no re-validation of fields only the writer produced), and fixed-width header fields so that a slide is a `SETRANGE` and a `PEXPIRE` instead of a rewrite of the whole record.',
  'ioredis.createSession.atLimit':
    'At the limit the create script cannot stop at `ZCARD`: to count the live sessions and find the oldest it walks the whole index, a `GET` and a header match of every record of the user (10 here), then revokes one (`SET` with the retention) and removes it from the index. That walk is what grows linearly with the sessions a user holds (see Scaling). Ours to fix in `@coatcheck/redis`: keep liveness in the index itself (members of a second sorted set scored by expiry, re-scored on each slide) so that the count is a `ZCOUNT` and the oldest a `ZRANGE … 0 0`, without reading any record.',
  'ioredis.listSessions.10':
    'listSessions has to return 10 records: Redis reads the 10 (a `GET` and a header match each, to skip dead ones) and the client decodes 10 record texts into 10 frozen `Session`s, about ten times the client work of one getSession, against a goal that asks for half of one round trip. The client-side decode is the floor here; ours to try: a decoder that skips re-validating fields only the writer produced, and `Session` objects built without `Object.freeze` on the hot path.',
  'ioredis.revokeAllSessions.10':
    'revokeAllSessions walks the index (a `GET` and a header match per record), rewrites each of the 10 records as revoked (`SET … PX` with the retention, ten writes) and deletes the index: the server work of about ten single revocations in one script. Nothing cheap is left: keeping revoked records for `revokedRetentionSeconds` is part of the contract, so n records mean n writes, and a goal of half a round trip may need restating for operations that write every session of a user.',
  'redis.bytesPerSession':
    'Each session is one string record (the metadata, base-36 times) plus one sorted-set member in its user index; Redis adds its per-key overhead (dictionary entry, expiry entry, object header) to both.',
  'bundle.edge':
    'Most of the adapter side is `@coatcheck/redis` (breakdown under Footprint): the Lua source of ten scripts and of the helpers they share travels as strings, which a JavaScript minifier cannot shorten. Ours to fix: a Lua minifying step at build time (short local names, no spaces around operators), with the SHA1s computed over the shipped text.',
  commands:
    'A coatcheck operation on IoRedisStorage is meant to be exactly one `EVALSHA`; a higher count means a script was reloaded (`EVAL` after `NOSCRIPT`) or an operation sent a second command.',
};

const row = (results: BenchResults, id: string): ThroughputRow | undefined =>
  results.throughput.find((r) => r.id === id);

const cpuAt = (r: ThroughputRow | undefined) =>
  r?.figures.find((f) => f.concurrency === GOAL_CONCURRENCY)?.clientCpuMicrosPerOp ?? Number.NaN;

/**
 * Where a throughput row spends its time compared with the EVALSHA limit, from the figures of
 * the run: Redis CPU per operation and bench-process CPU per operation, and the ceiling the
 * larger of the two puts on ops/s (Redis on one core, the bench on the other).
 */
export function boundOf(results: BenchResults, id: string, goal: number): string {
  const measured = row(results, id);
  const limit = row(results, REFERENCE_ROW);
  const server = measured?.serverMicrosPerOp ?? Number.NaN;
  const limitServer = limit?.serverMicrosPerOp ?? Number.NaN;
  const client = cpuAt(measured);
  const limitClient = cpuAt(limit);
  if (![server, limitServer, client, limitClient].every(Number.isFinite)) return '';
  const ceiling = 1e6 / Math.max(server, client);
  const needed = goal * medianAt(limit, GOAL_CONCURRENCY);
  const side = server >= client ? 'Redis' : 'the client process';
  const costs = `Per operation Redis spends ${significant(server)} µs on it (${significant(server / limitServer)}× the trivial script's ${significant(limitServer)} µs) and the bench process ${significant(client)} µs of CPU (${significant(client / limitClient)}× raw EVALSHA's ${significant(limitClient)} µs)`;
  if (ceiling < needed) {
    return `${costs}; ${side} is the bound, a ceiling of about ${integer(ceiling)} ops/s where the goal needs ${integer(needed)}.`;
  }
  return `${costs}. ${side === 'Redis' ? 'Redis' : 'The client process'} is the busier side, yet its CPU alone would allow about ${integer(ceiling)} ops/s, above the ${integer(needed)} the goal needs: the rest of the gap is the path around it (event-loop turns, the socket, a shared machine's scheduling), which the limit's smaller payloads suffer less.`;
}

/**
 * Figures of the same run that locate the cost: for getSession, what a read without a slide
 * and a script that reads no record cost Redis, so that the share of the slide's writes shows;
 * for the bundle, core's share.
 */
function evidence(results: BenchResults, id: string): string {
  if (id === 'bundle.edge') {
    const edge = results.footprint.find((f) => f.id === 'bundle.edge')?.value;
    const core = results.footprint.find((f) => f.id === 'bundle.core')?.value;
    if (edge === undefined || core === undefined) return '';
    return `Core alone (\`SessionManager\`) is ${integer(core)} B gzipped, which leaves ${integer(EDGE_BUNDLE_GOAL - core)} B of the goal for the adapter and its scripts; they add ${integer(edge - core)} B.`;
  }
  if (id !== 'ioredis.getSession.refresh') return '';
  const refresh = row(results, id)?.serverMicrosPerOp;
  const noSlide = row(results, 'ioredis.getSession.default')?.serverMicrosPerOp;
  const token = row(results, 'ioredis.isTokenRevoked')?.serverMicrosPerOp;
  if (refresh === undefined || noSlide === undefined || token === undefined) return '';
  const writes = refresh - noSlide;
  return `In Redis, a read that does not slide (the default-interval row) takes ${significant(noSlide)} µs and isTokenRevoked, a script that reads no record, ${significant(token)} µs${writes > 0 ? `; the slide's writes add about ${significant(writes)} µs` : ''}.`;
}

/** Why a goal was missed: the measured bound (for throughput goals) and the known cause. */
export function explainMiss(results: BenchResults, id: string, goal: number): string {
  const bound = id.startsWith('ioredis.') ? boundOf(results, id, goal) : '';
  const cause = CAUSES[id] ?? 'No analysis recorded for this goal yet.';
  return [bound, evidence(results, id), cause].filter(Boolean).join(' ');
}
