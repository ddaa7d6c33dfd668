import type { BenchResults, ScriptCalls, ThroughputRow } from '../results.js';
import { integer, significant } from './format.js';
import { EDGE_BUNDLE_GOAL, GOAL_CONCURRENCY, medianAt, REFERENCE_ROW } from './goals.js';

/**
 * What the code does that costs more than the limit's one GET and one PEXPIRE, by goal id:
 * written from reading `@coatcheck/redis` and core for the one-hash-per-user layout. Update it
 * when the scripts or the codec change.
 */
const CAUSES: Readonly<Record<string, string>> = {
  'ioredis.getSession.refresh':
    "At 64 in flight this row is bound by the client process. Besides ioredis's own work, a session read costs coatcheck the token parse, the SHA-256 of the secret (about 1.5 to 2.3 µs: the price of storing only a hash) and the decode of the record into a frozen `Session` with three `Date`s. In Redis the get script reads one field of the user's hash, compares the secret's hash, and on a slide rewrites that field and extends the key's TTL; that Lua, not the calls, is most of its time, and it is what makes the slide atomic against a concurrent revocation.",
  'ioredis.createSession.atLimit':
    "All of a user's sessions live in one hash, with an index of the live ones: a create at the limit reads the index, the user's 10 live records (to find the oldest), and the front of the purge queue, then rewrites the evicted record as revoked, queues it, writes the new one and the index. Revoked records stay in the hash for `revokedRetentionSeconds` (a day by default, for audit and for `listSessions(did, { includeRevoked: true })`), thousands of them in this row where one user creates thousands of sessions, but no step reads them: the work is that of the live sessions. What is left is the Lua that judges 10 record headers, sorts them and rewrites two records and the index.",
  'ioredis.listSessions.10':
    "listSessions has to return 10 records: Redis reads the user's live index and the 10 records it names, and the client decodes 10 record texts into 10 frozen `Session`s with three `Date`s each. The goal asks for half the throughput of one bare round trip while the operation moves ten records; the client decode alone is most of the margin the goal leaves.",
  'ioredis.revokeAllSessions.10':
    'revokeAllSessions rewrites each of the 10 records of the user as revoked, marked with the operation id so that a re-sent script reports the same sessions: the server work of about ten single revocations in one script. Keeping revoked records for `revokedRetentionSeconds` is part of the contract, so n sessions mean n writes.',
  'redis.bytesPerSession':
    "Each session is one field of its user's hash (a compact record: the secret's hash, hex times, escaped text, common user-agent phrases as two-character codes); the user's key, its TTL and the hash's per-field overhead are shared by all of the user's sessions.",
  'bundle.edge':
    'The Lua of the scripts travels as strings (a JavaScript minifier leaves them as they are), and core carries its own SHA-256 for the secret hashes and the DID buckets; core and the Lua fill the goal before any adapter code. The adapter itself grew with request batching. Reaching 5 KB would mean dropping features (hashed secrets, input checks, hooks, rotation, batching), not packaging.',
  'upstash.getSession.refresh':
    'At 64 in flight both rows send one HTTP request per 64 operations, so what is left is work per operation in the bench process, which also runs the dev server.',
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
  const costs = `Per operation Redis spends ${significant(server)} µs on it (${significant(server / limitServer)}× the trivial script's ${significant(limitServer)} µs${splitOf(measured, limit)}) and the bench process ${significant(client)} µs of CPU (${significant(client / limitClient)}× raw EVALSHA's ${significant(limitClient)} µs)`;
  if (ceiling < needed) {
    return `${costs}; ${side} is the bound, a ceiling of about ${integer(ceiling)} ops/s where the goal needs ${integer(needed)}.`;
  }
  return `${costs}. ${side === 'Redis' ? 'Redis' : 'The client process'} is the busier side, yet its CPU alone would allow about ${integer(ceiling)} ops/s, above the ${integer(needed)} the goal needs: the rest of the gap is the path around it (event-loop turns, the socket, a shared machine's scheduling), which the limit's smaller payloads suffer less.`;
}

/** How a script row's Redis time splits between the calls it makes and its Lua, beside the limit's. */
function splitOf(measured: ThroughputRow | undefined, limit: ThroughputRow | undefined): string {
  const a = measured?.scriptCalls;
  const b = limit?.scriptCalls;
  if (!measured || !limit || !a || !b) return '';
  const rest = (row: ThroughputRow, calls: ScriptCalls) =>
    significant((row.serverMicrosPerOp ?? Number.NaN) - calls.microsPerOp);
  return `; of its time, ${significant(a.microsPerOp)} µs are the ${significant(a.callsPerOp)} calls its script makes and ${rest(measured, a)} µs the Lua around them, where the trivial script spends ${significant(b.microsPerOp)} µs in ${significant(b.callsPerOp)} calls and ${rest(limit, b)} µs around them`;
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
    const lua = results.footprint.find((f) => f.id === 'bundle.lua')?.value;
    if (edge === undefined || core === undefined) return '';
    const scripts =
      lua === undefined
        ? ''
        : ` The Lua of the scripts alone is ${integer(lua)} B gzipped: core and the Lua come to ${integer(core + lua)} B before any adapter code.`;
    return `Core alone (\`SessionManager\`) is ${integer(core)} B gzipped, which leaves ${integer(EDGE_BUNDLE_GOAL - core)} B of the goal for the adapter and its scripts; they add ${integer(edge - core)} B.${scripts}`;
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
