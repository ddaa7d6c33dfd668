import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { DEMO_PASSWORD_HINTS } from './accounts.js';
import { createApp } from './app.js';
import { AppSecrets } from './secrets.js';
import { createSessionManager } from './sessions.js';
import { storageFromEnv } from './storage-from-env.js';

// The Node entry: storage from the environment, the shared app, @hono/node-server.
const env = process.env;
const port = env.PORT ? Number(env.PORT) : 3000;
if (!Number.isInteger(port) || port < 0 || port > 65_535)
  throw new Error(`PORT must be a port number, not "${env.PORT}"`);
const host = env.HOST ?? '127.0.0.1';

const chosen = await storageFromEnv(env).catch((error: unknown) => {
  console.error(`coatcheck example: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
const app = createApp({
  sessions: createSessionManager(chosen.storage),
  backend: chosen.backend,
  secret: env.APP_SECRET ?? AppSecrets.random(),
  passwordHints: DEMO_PASSWORD_HINTS,
  trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
  connectionIp: (c) => getConnInfo(c).remote.address,
});

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const shown = host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host;
  console.log(`coatcheck example: sessions in ${chosen.backend}`);
  console.log(`coatcheck example: listening on http://${shown}:${info.port}`);
});

function shutdown(): void {
  server.close(() => {
    chosen.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  // Browsers hold keep-alive connections open; close would wait for them.
  if ('closeAllConnections' in server) server.closeAllConnections();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
