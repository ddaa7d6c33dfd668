import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRedisServer } from '@coatcheck/redis-testing';
import { startUpstashDevServer } from '@coatcheck/upstash-dev-server';
import { createHandler, EdgeRuntime } from 'edge-runtime';
import { AppSecrets } from './secrets.js';

// `pnpm start:edge`: the example app inside Vercel's edge runtime (a V8 context with only Web
// APIs: no `process`, no `require`, no sockets), with sessions in Upstash over HTTP. Locally
// the "Upstash" is the dev server speaking the Upstash REST protocol in front of a redis-server
// started here (or the one REDIS_URL names).

const env = process.env;
const port = env.PORT ? Number(env.PORT) : 3000;
const stops: (() => Promise<void>)[] = [];

async function main(): Promise<void> {
  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
    const redis = await startRedisServer();
    stops.unshift(() => redis.stop());
    redisUrl = redis.url;
  }
  const upstash = await startUpstashDevServer({ redisUrl, token: AppSecrets.random(), port: 0 });
  stops.unshift(() => upstash.stop());

  const initialCode = await readFile(new URL('./edge-worker.js', import.meta.url), 'utf8');
  const runtime = new EdgeRuntime({
    initialCode,
    extend: (context) =>
      Object.assign(context, {
        COATCHECK_ENV: {
          UPSTASH_REDIS_REST_URL: upstash.url,
          UPSTASH_REDIS_REST_TOKEN: upstash.token,
          APP_SECRET: env.APP_SECRET ?? AppSecrets.random(),
          ...(env.COATCHECK_KEY_PREFIX ? { COATCHECK_KEY_PREFIX: env.COATCHECK_KEY_PREFIX } : {}),
        },
      }),
  });
  const { handler } = createHandler({ runtime });
  const server = createServer((req, res) => {
    // Play the edge platform's proxy: the client cannot choose its own address.
    delete req.headers['x-forwarded-host'];
    delete req.headers['x-forwarded-proto'];
    delete req.headers['x-real-ip'];
    req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? 'unknown';
    handler(req, res).catch((error: unknown) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  stops.unshift(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const { port: actual } = server.address() as AddressInfo;
  console.log(
    `coatcheck example (edge runtime): sessions in Upstash REST at ${upstash.url} -> ${redisUrl}`,
  );
  console.log(`coatcheck example (edge runtime): listening on http://localhost:${actual}`);
}

async function stopAll(): Promise<void> {
  for (const stop of stops.splice(0)) await stop().catch(() => {});
}

process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));
main().catch(async (error: unknown) => {
  console.error(
    `coatcheck example (edge runtime): ${error instanceof Error ? error.message : String(error)}`,
  );
  await stopAll();
  process.exit(1);
});
