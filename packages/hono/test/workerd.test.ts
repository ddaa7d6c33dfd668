import { fileURLToPath } from 'node:url';
import type { ServerProcess } from '@coatcheck/framework-tests';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorkerModule } from './support/workerd.js';
import { walkApp } from './walk-app.js';

const ENTRY = fileURLToPath(new URL('./fixtures/worker-entry.ts', import.meta.url));
let workerd: ServerProcess | undefined;

beforeAll(async () => {
  workerd = await startWorkerModule(ENTRY);
});

afterAll(async () => {
  await workerd?.stop();
});

it('signs in, reads, refuses a cross-site POST, rotates and signs out inside workerd', async () => {
  const { url } = workerd!;
  expect(await (await fetch(`${url}/runtime`)).text()).toBe('Cloudflare-Workers');
  await walkApp((path, init = {}) => fetch(`${url}${path}`, { ...init, redirect: 'manual' }), url);
});
