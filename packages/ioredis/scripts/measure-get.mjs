// getSession throughput on IoRedisStorage at 64 requests in flight, this build against another
// in the same run (windows alternate, so both see the same load on a shared machine). A
// measurement, not a test: nothing is asserted.
//   pnpm --filter @coatcheck/ioredis build && node scripts/measure-get.mjs
// BEFORE=<path of another build's packages/ioredis/dist/index.js> adds that build (its core
// built beside it, in ../../core/dist); a build whose getSession takes the session id (before
// bearer tokens) is given the id. Starts its own redis-server on a free loopback port.
import { startRedisServer } from '@coatcheck/redis-testing';
import { Redis } from 'ioredis';

const IN_FLIGHT = 64;
const WINDOW_MS = Number(process.env.WINDOW_MS ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

async function build(label, adapterUrl) {
  const adapter = await import(adapterUrl);
  const core = await import(new URL('../../core/dist/index.js', adapterUrl).href);
  return { label, adapter, core };
}

const builds = [await build('after', new URL('../dist/index.js', import.meta.url).href)];
if (process.env.BEFORE) builds.unshift(await build('before', `file://${process.env.BEFORE}`));

const server = await startRedisServer();
const client = new Redis({ host: '127.0.0.1', port: server.port });
try {
  const prepared = [];
  for (const [b, { label, adapter, core }] of builds.entries()) {
    const storage = new adapter.IoRedisStorage(client, { keyPrefix: `m${b}:` });
    const manager = new core.SessionManager({ storage });
    const keys = [];
    for (let u = 0; u < 100; u++) {
      for (let s = 0; s < 10; s++) {
        const session = await manager.createSession(
          `did:plc:measure${b}x${String(u).padStart(12, '0')}`,
          {
            ipAddress: `198.51.100.${s + 1}`,
            userAgent: UA,
            scope: ['atproto', 'transition:generic'],
          },
        );
        keys.push(session.token ?? session.id);
      }
    }
    prepared.push({ label, manager, keys });
  }
  const window = async ({ manager, keys }) => {
    const end = Date.now() + WINDOW_MS;
    const cpu = process.cpuUsage();
    let done = 0;
    const lane = async (offset) => {
      for (let i = offset; Date.now() < end; i += IN_FLIGHT) {
        if ((await manager.getSession(keys[i % keys.length])) === null)
          throw new Error('no session');
        done += 1;
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => lane(i)));
    const used = process.cpuUsage(cpu);
    cpuPerOp.get(manager).push((used.user + used.system) / done);
    return (done * 1000) / WINDOW_MS;
  };
  const results = prepared.map(() => []);
  // Client CPU time per operation (µs), to tell a slower client from a slower server.
  const cpuPerOp = new Map(prepared.map((p) => [p.manager, []]));
  await window(prepared.at(-1)); // warm-up, not counted
  for (let r = 0; r < ROUNDS; r++) {
    for (const [b, p] of prepared.entries()) results[b].push(await window(p));
  }
  for (const [b, { label }] of prepared.entries()) {
    const best = Math.max(...results[b]);
    const shown = results[b].map((x) => Math.round(x)).join(' ');
    const cpu = Math.min(...cpuPerOp.get(prepared[b].manager)).toFixed(1);
    console.log(
      `getSession at ${IN_FLIGHT} in flight [${label}]: ${Math.round(best)} ops/s best (${shown}); client CPU ${cpu} µs per op`,
    );
  }
  if (prepared.length === 2) {
    const ratio = Math.max(...results[1]) / Math.max(...results[0]);
    console.log(`after / before: ${ratio.toFixed(3)}`);
  }
} finally {
  client.disconnect();
  await server.stop();
}
