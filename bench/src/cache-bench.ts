import { hashSecret, type Logger, SessionManager, type SessionStorage } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { startRedisServer } from '@coatcheck/redis-testing';
import { Redis } from 'ioredis';
import { randomDid, realisticMetadata } from './fixtures.js';
import { compareTrackingModes } from './suites/tracking-modes.js';

// The in-process cache of IoRedisStorage: throughput against a raw GET, how soon a revoke in
// one process reaches another, and what it costs in memory. Prints figures; asserts nothing.
// "Process" A and B are two storages on separate connections in this one process.

const SESSIONS = 1000;
const WINDOW_MS = 2000;
const DELAY_TRIALS = 2000;
const MEMORY_ENTRIES = 20_000;
const quick = process.argv.includes('--quick');
const windowMs = quick ? 300 : WINDOW_MS;
const trials = quick ? 100 : DELAY_TRIALS;

type Op = () => Promise<unknown>;

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Operations per second of `op` with `inFlight` callers looping for `ms`. */
async function throughput(op: Op, inFlight: number, ms: number): Promise<number> {
  const until = performance.now() + ms;
  let done = 0;
  const worker = async () => {
    while (performance.now() < until) {
      await op();
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (done * 1000) / (performance.now() - started);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await nextTurn();
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

async function main(): Promise<void> {
  const server = await startRedisServer();
  const connect = (options: { protocol?: 2 } = {}) =>
    new Redis({ host: '127.0.0.1', port: server.port, ...options });
  const [aClient, bClient, rawClient] = [connect(), connect(), connect()];
  try {
    const keyPrefix = 'bench-cache:';
    const a = new SessionManager({ storage: new IoRedisStorage(aClient, { keyPrefix }) });
    const bStorage = new IoRedisStorage(bClient, { keyPrefix, cache: { maxEntries: 50_000 } });
    const b = new SessionManager({ storage: bStorage });
    const cache = bStorage.cache!;
    await waitUntil(() => cache.tracking);

    const tokens: string[] = [];
    for (let i = 0; i < SESSIONS; i++)
      tokens.push((await a.createSession(randomDid(), realisticMetadata(i))).token);
    let turn = 0;
    const cachedGet: Op = () => b.getSession(tokens[turn++ % SESSIONS]!);
    // Where the time of a hit goes: the storage's part alone, and the manager over a storage
    // that answers at once with a fixed session (parsing, hashing, building the Session).
    const probe = await probes(bStorage, tokens[0]!);
    const roundTripGet: Op = () => a.getSession(tokens[turn++ % SESSIONS]!);
    // Fill: a fill can be dropped by a create's invalidation arriving late; read until all hit.
    while (cache.size < SESSIONS) for (const token of tokens) await b.getSession(token);
    await rawClient.set('bench:limit', 'x'.repeat(300));
    const rawGet: Op = () => rawClient.get('bench:limit');

    console.log(`# cache bench (${quick ? 'quick' : 'full'}), Redis on 127.0.0.1:${server.port}`);
    console.log(
      '\n| in flight | raw GET ops/s | getSession, no cache | getSession, cached | cached / raw GET | storage.get hit alone | manager over an instant storage |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const inFlight of [1, 64]) {
      const raw = await throughput(rawGet, inFlight, windowMs);
      const uncached = await throughput(roundTripGet, inFlight, windowMs);
      const hitsBefore = cache.hits;
      const cached = await throughput(cachedGet, inFlight, windowMs);
      const hitShare = (cache.hits - hitsBefore) / ((cached * windowMs) / 1000);
      const storageHit = await throughput(probe.storageHit, inFlight, windowMs);
      const floor = await throughput(probe.instant, inFlight, windowMs);
      console.log(
        `| ${inFlight} | ${fmt(raw)} | ${fmt(uncached)} | ${fmt(cached)} (${fmt(hitShare * 100, 1)}% hits) | ${fmt(cached / raw, 1)} | ${fmt(storageHit)} (${fmt(storageHit / raw, 1)}x) | ${fmt(floor)} (${fmt(floor / raw, 1)}x) |`,
      );
    }

    // Revoke in A, acknowledged; then B reads until null. B reads between event-loop turns, as
    // requests would, so that the invalidation can arrive.
    const delays: number[] = [];
    let sameProcessStale = 0;
    for (let i = 0; i < trials; i++) {
      const did = randomDid();
      const issued = await b.createSession(did, realisticMetadata(i));
      const hits = cache.hits;
      while (cache.hits === hits) await b.getSession(issued.token);
      if (i % 2 === 0) {
        await a.revokeSession(issued.id);
        const acknowledged = performance.now();
        while ((await b.getSession(issued.token)) !== null) await nextTurn();
        delays.push(performance.now() - acknowledged);
      } else {
        await b.revokeSession(issued.id);
        if ((await b.getSession(issued.token)) !== null) sameProcessStale++;
      }
    }
    delays.sort((x, y) => x - y);
    console.log(
      `\nrevoke in A -> B reads null, ${delays.length} trials: p50 ${fmt(percentile(delays, 50), 3)} ms, ` +
        `p99 ${fmt(percentile(delays, 99), 3)} ms, max ${fmt(delays.at(-1) ?? Number.NaN, 3)} ms`,
    );
    console.log(
      `stale reads right after a revoke in B itself: ${sameProcessStale} of ${trials - delays.length}`,
    );

    // Kill B's invalidation connection; count hits served while B knows it is down.
    let servedWhileDown = 0;
    let readsWhileDown = 0;
    const killer = connect();
    for (let i = 0; i < (quick ? 3 : 10); i++) {
      const redirect = /\bredir=(\d+)/.exec(String(await bClient.client('INFO')))?.[1];
      await killer.client('KILL', 'ID', String(redirect));
      await waitUntil(() => !cache.tracking);
      while (!cache.tracking) {
        const hits = cache.hits;
        await cachedGet();
        readsWhileDown++;
        if (cache.hits !== hits) servedWhileDown++;
        await nextTurn();
      }
    }
    killer.disconnect();
    console.log(
      `served from the cache while tracking was down: ${servedWhileDown} of ${readsWhileDown} reads`,
    );

    await memoryPerEntry(a, bClient, keyPrefix);
    await compareTrackingModes(connect, quick ? 100 : 1000);
    await bStorage.close();
  } finally {
    for (const client of [aClient, bClient, rawClient]) client.disconnect();
    await server.stop();
  }
}

/** The two probes of where a cached read's time goes; see their use. */
async function probes(storage: IoRedisStorage, token: string) {
  const [id, secret] = token.split('.') as [string, string];
  const secretHash = hashSecret(secret);
  const expiry = { idleMs: 2_592_000_000, absoluteMs: 0, touchIntervalMs: 60_000 };
  const read = () => storage.get(id, secretHash, { now: Date.now(), logger: silentLogger, expiry });
  const found = await read();
  if (found === null) throw new Error('the probe session is gone');
  // The cached storage with `get` answering at once; nothing else is called on it.
  const instantStorage: SessionStorage = Object.create(storage, {
    get: { value: () => Promise.resolve(found) },
  });
  const instant = new SessionManager({ storage: instantStorage });
  return { storageHit: read, instant: () => instant.getSession(token) };
}

/** Heap per cached entry: a fresh cache filled with `MEMORY_ENTRIES` sessions, after GC. */
async function memoryPerEntry(a: SessionManager, client: Redis, keyPrefix: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    console.log('memory per entry: run with --expose-gc');
    return;
  }
  const count = quick ? 2000 : MEMORY_ENTRIES;
  const tokens: string[] = [];
  for (let i = 0; i < count; i++)
    tokens.push((await a.createSession(randomDid(), realisticMetadata(i))).token);
  const storage = new IoRedisStorage(client, { keyPrefix, cache: { maxEntries: count } });
  const sessions = new SessionManager({ storage });
  await waitUntil(() => storage.cache!.tracking);
  gc();
  const before = process.memoryUsage().heapUsed;
  while (storage.cache!.size < count) for (const token of tokens) await sessions.getSession(token);
  gc();
  const after = process.memoryUsage().heapUsed;
  console.log(
    `memory per cached entry: ${fmt((after - before) / count)} bytes (${count} entries, heap after GC)`,
  );
  await storage.close();
}

await main();
