// Prints the Redis-side cost of each script: INFO commandstats usec_per_call of EVALSHA while
// one operation runs alone. A measurement, not a test: nothing is asserted.
//   pnpm --filter @coatcheck/redis build && pnpm --filter @coatcheck/redis measure-scripts
// Starts its own redis-server (from PATH) on a free loopback port and stops it at the end.
// BEFORE=<path of another build's dist/index.js> (its core built beside it, in
// ../../core/dist) measures that build too, operation by
// operation in alternation with this one, so both see the same load on a shared machine.
import { spawn } from 'node:child_process';
import { createServer, connect as netConnect } from 'node:net';
import * as currentCore from '@coatcheck/core';

// Each build with the core it was built with (ids carry that core's bucket).
const builds = [['after', { ...(await import('../dist/index.js')), core: currentCore }]];
if (process.env.BEFORE) {
  const core = await import(
    new URL('../../core/dist/index.js', `file://${process.env.BEFORE}`).href
  );
  builds.unshift(['before', { ...(await import(process.env.BEFORE)), core }]);
}

const ROUNDS = Number(process.env.ROUNDS ?? 1000);
const REPEAT = Number(process.env.REPEAT ?? 3);
const CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** A minimal RESP2 client: one connection, pipelined requests answered in order. */
function resp(port) {
  const socket = netConnect(port, '127.0.0.1');
  const waiting = [];
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const parsed = parse(buffer, 0);
      if (parsed === null) return;
      buffer = buffer.subarray(parsed.end);
      const { resolve, reject } = waiting.shift();
      if (parsed.value instanceof Error) reject(parsed.value);
      else resolve(parsed.value);
    }
  });
  const send = (...args) =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      let out = `*${args.length}\r\n`;
      for (const a of args) out += `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`;
      socket.write(out);
    });
  return { send, ready: new Promise((r) => socket.once('connect', r)), close: () => socket.end() };
}

function parse(buf, at) {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return null;
  const line = buf.toString('latin1', at + 1, eol);
  const next = eol + 2;
  switch (String.fromCharCode(buf[at])) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new Error(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      if (buf.length < next + n + 2) return null;
      return { value: buf.toString('latin1', next, next + n), end: next + n + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      const items = [];
      let end = next;
      for (let i = 0; i < n; i++) {
        const item = parse(buf, end);
        if (item === null) return null;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error('bad reply');
  }
}

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

const port = await freePort();
const redis = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  { stdio: 'ignore' },
);
try {
  await new Promise((r) => setTimeout(r, 200));
  const c = resp(port);
  await c.ready;
  const run = async (script, keys, args) => {
    try {
      return await c.send('EVALSHA', script.sha1, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String(error.message).startsWith('NOSCRIPT')) throw error;
      return c.send('EVAL', script.script, keys.length, ...keys, ...args);
    }
  };
  const day = 86_400_000;
  let userNo = 0;
  /**
   * The operations of one build, each as [label, prepare (not measured), op (measured)]. A
   * build of record version 1 (one key per session and a sorted-set index, no secret hash)
   * is driven through its own API, so that the same run compares the two layouts.
   */
  const suite = async ({ core, encodeRecord, RECORD_VERSION, RedisSessionStorage, SCRIPTS }) => {
    const { didBucket, generateSessionId } = core;
    for (const script of Object.values(SCRIPTS)) await c.send('SCRIPT', 'LOAD', script.script);
    const storage = new RedisSessionStorage({ name: 'measure', run });
    const v2 = RECORD_VERSION === '2';
    // A build whose walks read the live index (the field `live`) needs it seeded too.
    const indexed = SCRIPTS.create.script.includes("'live'");
    const hash = 'AAAAAAAAAAAAAAAAAAAAAA';
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    const now = 1_764_000_000_000;
    const newUser = () => `did:plc:measure${String(userNo++).padStart(16, '0')}`;
    const record = (did, at = now) => ({
      id: generateSessionId(didBucket(did)),
      did,
      createdAt: at,
      expiresAt: at + 30 * day,
      lastActivity: at,
      ipAddress: '198.51.100.23',
      userAgent: CHROME_UA,
      scope: ['atproto', 'transition:generic'],
    });
    /** Stores sessions with plain commands (not scripts), so they do not count. */
    const seed = async (did, n) => {
      const out = [];
      for (let i = 0; i < n; i++) {
        const r = record(did, now - (n - i) * 1000);
        out.push(r);
        if (v2) {
          c.send(
            'HSET',
            storage.keys.user(did),
            r.id.slice(14).replaceAll('-', ''),
            encodeRecord(r, hash),
          );
        } else {
          c.send('SET', storage.keys.record(r.id), encodeRecord(r), 'PX', 30 * day);
          const entry =
            r.createdAt.toString(16).padStart(14, '0') + r.id.slice(4).replaceAll('-', '');
          c.send('ZADD', storage.keys.index(did), r.expiresAt, entry);
        }
      }
      if (indexed) {
        const fields = out.map((r) => r.id.slice(14).replaceAll('-', ''));
        c.send('HSET', storage.keys.user(did), 'live', fields.join(''));
      }
      await c.send('PEXPIRE', v2 ? storage.keys.user(did) : storage.keys.index(did), 31 * day);
      return out;
    };
    const expiry = (touchIntervalMs) => ({ idleMs: 7 * day, absoluteMs: 0, touchIntervalMs });
    const revoking = { now, logger, retentionMs: day, operationId: 'measure-op-00000' };
    const one = async () => (await seed(newUser(), 1))[0];
    const ten = async () => {
      const did = newUser();
      return { did, sessions: await seed(did, 10) };
    };
    const get = (r, options) =>
      v2 ? storage.get(r.id, hash, options) : storage.get(r.id, options);
    const create = (did) => {
      const options = { now, logger, maxSessions: 10, retentionMs: day };
      return v2 ? storage.create(record(did), hash, options) : storage.create(record(did), options);
    };
    return [
      ['trivial (GET+PEXPIRE)', () => null, () => run(trivial, ['trivial'], [])],
      ['get, slide', one, (r, i) => get(r, { now: now + i, logger, expiry: expiry(0) })],
      ['get, no slide', one, (r) => get(r, { now, logger, expiry: expiry(60_000) })],
      [
        'update (scope)',
        one,
        (r) => storage.update(r.id, { scope: ['atproto'] }, { now, logger, expiry: expiry(0) }),
      ],
      ['revoke', one, (r) => storage.revoke(r.id, revoking)],
      [
        'rotate',
        one,
        (r) => {
          const newId = generateSessionId(didBucket(r.did));
          const options = { now, logger, expiry: expiry(0), retentionMs: day };
          return v2
            ? storage.rotate(r.id, newId, hash, options)
            : storage.rotate(r.id, newId, options);
        },
      ],
      ['create, first', () => newUser(), create],
      [
        'create at the limit of 10',
        async () => {
          const did = newUser();
          await seed(did, 10);
          return did;
        },
        create,
      ],
      ['list of 10', ten, ({ did }) => storage.list(did, { now, logger, includeRevoked: false })],
      ['revokeAll of 10', ten, ({ did }) => storage.revokeAll(did, revoking)],
      [
        'revokeOthers of 10',
        ten,
        ({ did, sessions }) => storage.revokeOthers(did, sessions[0].id, revoking),
      ],
    ];
  };
  const stat = async (command) => {
    const info = await c.send('INFO', 'commandstats');
    const m = info.match(new RegExp(`cmdstat_${command}:calls=(\\d+),usec=(\\d+)`));
    return m ? { calls: Number(m[1]), usec: Number(m[2]) } : { calls: 0, usec: 0 };
  };
  /** One pass: `prepare` ROUNDS times, then every `op` at once; the mean usec per EVALSHA. */
  const pass = async (prepare, op) => {
    const states = [];
    for (let i = 0; i < ROUNDS; i++) states.push(await prepare(i));
    await c.send('CONFIG', 'RESETSTAT');
    await Promise.all(states.map((state, i) => op(state, i)));
    const { calls, usec } = await stat('evalsha');
    return usec / calls;
  };
  const trivial = {
    name: 'trivial',
    script: "redis.call('GET', KEYS[1]) redis.call('PEXPIRE', KEYS[1], 60000) return 1",
    numberOfKeys: 1,
  };
  trivial.sha1 = await c.send('SCRIPT', 'LOAD', trivial.script);
  await c.send('SET', 'trivial', 'x');
  const suites = [];
  for (const [name, lib] of builds) suites.push([name, await suite(lib)]);
  // The machine may be shared: REPEAT passes per build, alternating, and the lowest mean of
  // each (the least disturbed) is printed, with all of them.
  for (let k = 0; k < suites[0][1].length; k++) {
    const means = suites.map(() => []);
    for (let r = 0; r < REPEAT; r++) {
      for (const [b, [, ops]] of suites.entries()) means[b].push(await pass(ops[k][1], ops[k][2]));
    }
    for (const [b, [name]] of suites.entries()) {
      const label = `${suites[0][1][k][0]}${builds.length > 1 ? ` [${name}]` : ''}`;
      const shown = means[b].map((m) => m.toFixed(1)).join(' ');
      console.log(
        `${label.padEnd(38)} ${Math.min(...means[b])
          .toFixed(2)
          .padStart(8)} usec_per_call (${shown})`,
      );
    }
  }
  c.close();
} finally {
  redis.kill('SIGTERM');
}
