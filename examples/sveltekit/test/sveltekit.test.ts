import { type ServerProcess, startServerProcess, walkExampleApp } from '@coatcheck/framework-tests';
import { afterAll, beforeAll, it } from 'vitest';

// The adapter-node build (`vite build`, the package's build task) run as `node build`.
let app: ServerProcess;

beforeAll(async () => {
  app = await startServerProcess({
    file: process.execPath,
    args: () => ['build'],
    cwd: new URL('..', import.meta.url),
    // adapter-node learns its public origin from ORIGIN (HTTP alone does not say it).
    env: (port) => ({ PORT: String(port), HOST: '127.0.0.1', ORIGIN: `http://127.0.0.1:${port}` }),
    readyPath: '/login',
  });
});
afterAll(() => app?.stop());

it('signs in, reads, lists devices by public id and signs out over HTTP (hooks.server.ts, locals)', async () => {
  await walkExampleApp(app.url, { signIn: '/login?/signIn', signOut: '/devices?/signOut' });
});
