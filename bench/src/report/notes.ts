import type { BenchResults } from '../results.js';
import { integer, ratio, significant } from './format.js';

/**
 * Observations drawn from the figures of the run that no goal covers but a reader choosing an
 * adapter should know. Each appears only when the figures show it.
 */
export function renderNotes(results: BenchResults): string {
  const notes: string[] = [];
  const byId = (id: string) => results.throughput.find((r) => r.id === id);

  const nodeRedis = byId('node-redis.getSession.refresh')?.pairedRatio;
  const ioredis = byId('ioredis.getSession.refresh')?.pairedRatio;
  if (nodeRedis) {
    const ioredisPart = ioredis
      ? `; through ioredis, ${ratio(ioredis.ratio.median)} of a raw ioredis \`EVALSHA\``
      : '';
    notes.push(
      `**node-redis: getSession with refresh on every read runs at ${ratio(nodeRedis.ratio.median)} of a raw node-redis \`EVALSHA\`** of the limit script at ${nodeRedis.concurrency} in flight (${ratio(nodeRedis.ratio.min)}–${ratio(nodeRedis.ratio.max)} over ${nodeRedis.ratio.samples} paired windows, the same run)${ioredisPart}. Each client is compared with its own round trip, so the ratio is coatcheck's cost on that client.`,
    );
  }

  const rawGet = byId('upstash.limit.get')?.requestsPerOpInFlight;
  const getSession = byId('upstash.getSession.refresh')?.requestsPerOpInFlight;
  if (rawGet && getSession && getSession.value > 2 * rawGet.value) {
    notes.push(
      `**UpstashStorage does not share HTTP requests under concurrency.** At ${rawGet.concurrency} in flight, \`@upstash/redis\` auto-pipelining packs plain commands into shared requests (${significant(rawGet.value)} requests per raw GET), while each coatcheck getSession takes ${significant(getSession.value)} request. In an edge isolate serving many requests at once this caps throughput at one HTTP round trip per operation.`,
    );
  }

  const upstashCpu = byId('upstash.getSession.refresh')?.figures.at(-1)?.clientCpuMicrosPerOp;
  if (upstashCpu !== undefined) {
    notes.push(
      `**Upstash rows measure the transport on this machine, not Upstash.** The dev server runs in the bench process, so its work (${integer(upstashCpu)} µs of CPU per getSession, HTTP on both ends included) shares one core with the client; a real Upstash database adds network latency instead. Compare Upstash rows with the two raw \`@upstash/redis\` rows at the top of their table.`,
    );
  }

  const growth: string[] = [];
  for (const operation of ['createSession at the limit', 'listSessions', 'revokeAllSessions']) {
    const at = (sessions: number) =>
      results.scaling.find(
        (p) =>
          p.backend.startsWith('IoRedisStorage') &&
          p.operation === operation &&
          p.sessions === sessions,
      )?.msPerOp.median;
    const small = at(10);
    const large = at(1000);
    if (small !== undefined && large !== undefined && large / small > 10) {
      growth.push(
        `${operation} ×${significant(large / small)} (${significant(small)} ms at 10, ${significant(large)} ms at 1,000)`,
      );
    }
  }
  if (growth.length > 0) {
    notes.push(
      `**Time grows with the sessions a user holds**, though each operation stays one command: ${growth.join(', ')}. These scripts read every record in the user's index.`,
    );
  }

  if (notes.length === 0) return '';
  return ['## Notes', '', ...notes.map((note) => `- ${note}`)].join('\n');
}
