// Every TypeScript block of every README, copied as it is into an ESM app that installed the
// packed tarballs, must compile, and must run against a real Redis (a 3-master cluster for
// `REDIS_CLUSTER_URL`) and a real Upstash REST server on loopback ports: a user copies them.
// A block fenced `ts no-run` is only compiled (it needs the vitest runner, or servers at
// addresses that are not ours to reach).
import { startRedisCluster, startRedisServer } from '@coatcheck/redis-testing';
import { startUpstashDevServer } from '@coatcheck/upstash-dev-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compile, createConsumer, type Diagnostic } from '../src/consumer.js';
import { run } from '../src/exec.js';
import { asModule, type ReadmeBlock, readmeBlocks } from '../src/readme-blocks.js';
import { scratchDir } from '../src/scratch.js';

const blocks = readmeBlocks();
const runnable = blocks.filter((block) => !block.flags.includes('no-run'));
const where = (block: ReadmeBlock) => [`${block.readme}:${block.line}`, block] as const;

let scratch: Awaited<ReturnType<typeof scratchDir>>;
let diagnostics: Diagnostic[];
let redis: Awaited<ReturnType<typeof startRedisServer>>;
let cluster: Awaited<ReturnType<typeof startRedisCluster>>;
let upstash: Awaited<ReturnType<typeof startUpstashDevServer>>;
const outcomes = new Map<string, unknown>();

beforeAll(async () => {
  scratch = await scratchDir('readme-examples');
  const files = Object.fromEntries(blocks.map((block) => [block.file, asModule(block)]));
  await createConsumer(scratch.dir, { type: 'module', tarballs: inject('tarballs'), files });
  diagnostics = await compile(scratch.dir);
  redis = await startRedisServer();
  cluster = await startRedisCluster();
  upstash = await startUpstashDevServer({ redisUrl: redis.url, token: 'readme-token' });
  const env = {
    REDIS_URL: redis.url,
    REDIS_CLUSTER_URL: `redis://127.0.0.1:${cluster.nodes[0]!.port}`,
    UPSTASH_REDIS_TCP_URL: redis.url,
    UPSTASH_REDIS_REST_URL: upstash.url,
    UPSTASH_REDIS_REST_TOKEN: upstash.token,
  };
  for (const block of runnable) {
    const compiled = `./${block.file.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js')}`;
    // Clients a block opens stay open: the block has run once its module has evaluated.
    const script = `await import(${JSON.stringify(compiled)}); process.exit(0);`;
    try {
      await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: scratch.dir,
        env,
        timeoutMs: 30_000,
      });
      outcomes.set(block.file, 'ran');
    } catch (error) {
      outcomes.set(block.file, error);
    }
  }
});

afterAll(async () => {
  await upstash?.stop();
  await redis?.stop();
  await cluster?.stop();
  await scratch?.remove();
});

describe('README examples', () => {
  it('exist, and those that cannot run alone stay rare', () => {
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks.length - runnable.length).toBeLessThanOrEqual(4);
  });

  it('leave no error outside the blocks', () => {
    const known = new Set(blocks.map((block) => block.file));
    expect(diagnostics.filter((d) => !known.has(d.file)).map((d) => d.text)).toEqual([]);
  });

  it.each(blocks.map(where))('%s compiles as written', (_where, block) => {
    const errors = diagnostics.filter((d) => d.file === block.file).map((d) => d.text);
    expect(errors).toEqual([]);
  });

  it.each(runnable.map(where))('%s runs as written', (_where, block) => {
    const outcome = outcomes.get(block.file);
    expect(outcome instanceof Error ? outcome.message : outcome).toBe('ran');
  });
});
