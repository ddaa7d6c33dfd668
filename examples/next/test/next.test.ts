import { fileURLToPath } from 'node:url';
import { type ServerProcess, startServerProcess, walkExampleApp } from '@coatcheck/framework-tests';
import { afterAll, beforeAll, it } from 'vitest';

// The production build (`next build`, the package's build task) served by `next start`.
const NEXT = fileURLToPath(new URL('../node_modules/next/dist/bin/next', import.meta.url));
let app: ServerProcess;

beforeAll(async () => {
  app = await startServerProcess({
    file: process.execPath,
    args: (port) => [NEXT, 'start', '--port', String(port), '--hostname', '127.0.0.1'],
    cwd: new URL('..', import.meta.url),
    env: () => ({ NEXT_TELEMETRY_DISABLED: '1' }),
    readyPath: '/login',
  });
});
afterAll(() => app?.stop());

it('signs in, reads, lists devices by public id and signs out over HTTP; proxy.ts never loops', async () => {
  await walkExampleApp(app.url, { signIn: '/api/sign-in', signOut: '/api/sign-out' });
});
