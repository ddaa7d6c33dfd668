import type { Redis } from 'ioredis';

type Mode = 'default' | 'bcast';

/**
 * The two ways of tracking the cache could use, on raw connections: default mode (Redis
 * reports keys this connection read) and `BCAST PREFIX` (every write under the prefix). For
 * each: the delay from an acknowledged write to its invalidation at the subscriber, and how
 * many invalidations arrive for writes to keys this process never read.
 */
export async function compareTrackingModes(
  connect: (options?: { protocol?: 2 }) => Redis,
  trials: number,
): Promise<void> {
  console.log(
    '\n| tracking mode | write -> invalidation p50 | p99 | max | messages for 1000 writes to keys never read |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const mode of ['default', 'bcast'] as const) {
    const row = await measure(connect, mode, trials);
    console.log(
      `| ${mode === 'default' ? 'default, REDIRECT' : 'BCAST PREFIX, REDIRECT'} | ${row.p50.toFixed(3)} ms | ${row.p99.toFixed(3)} ms | ${row.max.toFixed(3)} ms | ${row.unrelated} |`,
    );
  }
}

async function measure(connect: (options?: { protocol?: 2 }) => Redis, mode: Mode, trials: number) {
  const prefix = `bench-modes-${mode}:`;
  const subscriber = connect({ protocol: 2 });
  const [data, writer] = [connect(), connect()];
  const arrived = new Map<string, number>();
  let unrelated = 0;
  subscriber.on('messageBuffer', (_channel: Buffer, message: unknown) => {
    if (!Array.isArray(message)) return;
    for (const key of message.map(String)) {
      if (key.includes(':never:')) unrelated++;
      arrived.set(key, performance.now());
    }
  });
  try {
    const id = await subscriber.client('ID');
    await subscriber.subscribe('__redis__:invalidate');
    const bcast = mode === 'bcast' ? ['BCAST', 'PREFIX', prefix] : [];
    await data.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(id), ...bcast);
    const delays: number[] = [];
    for (let i = 0; i < trials; i++) {
      const key = `${prefix}k${i}`;
      await data.get(key);
      await writer.set(key, 'v', 'PX', 60_000);
      const acknowledged = performance.now();
      while (!arrived.has(key)) await new Promise((resolve) => setImmediate(resolve));
      delays.push(Math.max(0, (arrived.get(key) ?? 0) - acknowledged));
    }
    const sentinel = `${prefix}sentinel`;
    await data.get(sentinel);
    const pipeline = writer.pipeline();
    for (let i = 0; i < 1000; i++) pipeline.set(`${prefix}never:${i}`, 'v', 'PX', 60_000);
    pipeline.set(sentinel, 'v', 'PX', 60_000);
    await pipeline.exec();
    // Invalidations come in write order: once the sentinel's is here, every earlier one is.
    while (!arrived.has(sentinel)) await new Promise((resolve) => setImmediate(resolve));
    delays.sort((x, y) => x - y);
    const at = (p: number) =>
      delays[Math.min(delays.length - 1, Math.floor(p * delays.length))] ?? 0;
    return { p50: at(0.5), p99: at(0.99), max: delays.at(-1) ?? 0, unrelated };
  } finally {
    for (const client of [subscriber, data, writer]) client.disconnect();
  }
}
