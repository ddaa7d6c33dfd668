#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { redactUrl, startUpstashDevServer } from './server.js';

const USAGE = `Usage: upstash-dev-server [--port 8079] [--host 127.0.0.1] [--redis-url redis://127.0.0.1:6379] [--token TOKEN]

Serves the Upstash Redis REST protocol in front of a real Redis, for local development.
The token defaults to $UPSTASH_REDIS_REST_TOKEN, the Redis URL to $REDIS_URL.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8079' },
      host: { type: 'string', default: '127.0.0.1' },
      'redis-url': { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const token = values.token ?? process.env.UPSTASH_REDIS_REST_TOKEN;
  const redisUrl = values['redis-url'] ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const port = Number(values.port);
  if (!token) throw new Error('a token is required: pass --token or set UPSTASH_REDIS_REST_TOKEN');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`bad --port ${values.port}`);

  const server = await startUpstashDevServer({
    redisUrl,
    token,
    port,
    host: values.host,
    log: (line) => console.error(line),
  });
  console.log(`upstash-dev-server: serving ${redactUrl(redisUrl)} on ${server.url}`);
  console.log(`  UPSTASH_REDIS_REST_URL=${server.url}`);
  console.log('  UPSTASH_REDIS_REST_TOKEN=<the token you passed>');

  const shutdown = (): void => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`upstash-dev-server: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause instanceof Error)
    console.error(`  cause: ${error.cause.message}`);
  console.error(USAGE);
  process.exit(1);
});
