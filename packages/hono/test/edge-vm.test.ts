import { fileURLToPath } from 'node:url';
import { bundleForEdgeVM, strictEdgeVM } from '@coatcheck/framework-tests';
import { beforeAll, it } from 'vitest';
import { walkApp } from './walk-app.js';

const ENTRY = fileURLToPath(new URL('./fixtures/edge-vm-entry.ts', import.meta.url));
let bundle: string;

beforeAll(async () => {
  bundle = await bundleForEdgeVM(ENTRY);
});

it('runs a browser-platform bundle of hono, core and memory in EdgeVM, without Node globals', async () => {
  const vm = strictEdgeVM();
  vm.evaluate(bundle);
  const request = vm.evaluate('globalThis.__request') as (
    url: string,
    init: RequestInit,
  ) => Promise<Response>;
  await walkApp((path, init = {}) => request(`http://edge.test${path}`, init), 'http://edge.test');
});
