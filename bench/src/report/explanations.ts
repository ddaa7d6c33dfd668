import type { BenchResults, ScriptCalls, ThroughputRow } from '../results.js';
import { integer, significant } from './format.js';
import { EDGE_BUNDLE_GOAL, GOAL_CONCURRENCY, medianAt, REFERENCE_ROW } from './goals.js';

/**
 * What the code does that costs more than the limit's one GET and one PEXPIRE, by goal id:
 * written from reading `@coatcheck/redis` and core when these figures were analysed. Update it
 * when the scripts or the codec change.
 */
const CAUSES: Readonly<Record<string, string>> = {
  'ioredis.getSession.refresh':
    "At 64 in flight the limit rows are bound by the client process, and so is this row. Most of the client time of a bare EVALSHA is ioredis itself (the socket write, the command object, the reply parser); a session read adds coatcheck's own work, checking the id and decoding the record text into a frozen `Session` with three `Date`s (about 3 µs per read with the client stubbed out, from 6.5 µs before the lean read path), and ioredis's handling of a longer command (five arguments) and reply. A ratio of 0.9 leaves all of that about a tenth of one bare EVALSHA's client time, some 2 µs, less than the decode of one record into a `Session` costs. In Redis (see the split) the get script's three calls (`GET`; `SET … PX` of the record with its new times; `PTTL` of the user index, and `PEXPIRE` when it is short) are the small part of its time: the rest is Lua, which Redis interprets, matching the record header, reading four numeric arguments and building the new record text. That is the work that makes a slide atomic against a concurrent revocation, and a script doing only GET and PEXPIRE skips it; were the client free, Redis would still hold this row below the limit Writing only the changed times in place (`SETRANGE` and `PEXPIRE` instead of `SET … PX` of the whole record) was tried and measured no faster under the same load (20.8 against 19.0 µs per call, medians of eight windows).",
  'ioredis.createSession.atLimit':
    "The create script no longer reads every record of the user to count the live ones: index entries carry their session's createdAt and are scored by a floor of its expiry, so once the few entries scored at or before now are settled (read, pruned when dead, re-scored when slid) the live count is a `ZCARD`, and only the evicted record is read. What is left is the work of a create that must evict: it writes a 200-byte record (`SET NX`), indexes it and checks the index TTL, counts, settles, lists the entries to find the oldest (a `ZRANGE` and a sort in Lua), reads and revokes that one (`GET`, `SET … PX` with the retention) and unindexes it, about ten calls and their Lua against the trivial script's two. 0.7 of a two-call script is out of reach for any create that evicts. On the client, a create costs about 17 µs of coatcheck's own work (the id, input checks, encoding the record; 34 µs before this round, when each id made its own Web Crypto call and the user-agent phrases took a pass each).",
  'ioredis.listSessions.10':
    'listSessions has to return 10 records: Redis reads the 10 (a `GET` and a header match each, to skip dead ones) and the client decodes 10 record texts into 10 frozen `Session`s with three `Date`s each. The goal asks for half the throughput of one bare round trip while the operation moves ten records each way of the work; the client decode alone, about 1.5 µs per record after the lean read path, is most of the margin the goal leaves.',
  'ioredis.revokeAllSessions.10':
    'revokeAllSessions walks the index (a `GET` and a header match per record), rewrites each of the 10 records as revoked (`SET … PX` with the retention, ten writes) and deletes the index: the server work of about ten single revocations in one script. Keeping revoked records for `revokedRetentionSeconds` (for audit) is part of the contract, so n records mean n writes; half of a two-call script is out of reach for ten of them.',
  'redis.bytesPerSession':
    'Each session is one string record (the metadata, hex times with offsets from createdAt, common user-agent phrases as two-character codes) plus one sorted-set member in its user index; Redis adds its per-key overhead (dictionary entry, expiry entry, object header) to both.',
  'bundle.edge':
    'The Lua of the scripts travels as strings (a JavaScript minifier leaves them as they are), and with core it already fills the goal before any adapter code: see the evidence above. A Lua minifier would not close it: renaming every helper and local to two characters was tried on the shipped text and saves about 135 B gzipped, because gzip already folds the repeats (the scripts share their helpers). Reaching 5 KB would mean dropping features of core (its input checks, hooks, rotation) or of the record format, not packaging.',
  'upstash.getSession.refresh':
    'At 64 in flight both rows send one HTTP request per 64 operations, so what is left is work per operation in the bench process, which also runs the dev server: the server parses a five-argument `EVALSHA` instead of a one-argument `GET`, runs it through ioredis and base64-encodes a record of about 200 bytes, and the client decodes it, checks the id and builds a `Session` with three `Date`s. Redis runs the get script (its three calls and the Lua around them, making the slide atomic) on the other core.',
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
