import { fileURLToPath } from 'node:url';
import { EdgeVM } from '@edge-runtime/vm';
import { build } from 'esbuild';
import { beforeAll, expect, it } from 'vitest';
import { walkApp } from './walk-app.js';

const ENTRY = fileURLToPath(new URL('./fixtures/edge-vm-entry.ts', import.meta.url));
let bundle: string;

beforeAll(async () => {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    conditions: ['worker', 'edge-light'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]!.text;
});

it('runs a browser-platform bundle of hono, core and memory in EdgeVM, without Node globals', async () => {
  const vm = new EdgeVM();
  // The strict part: no Node globals at all inside the VM.
  expect(vm.evaluate('typeof process')).toBe('undefined');
  expect(vm.evaluate('typeof require')).toBe('undefined');
  expect(vm.evaluate('typeof Buffer')).toBe('undefined');
  vm.evaluate(bundle);
  const request = vm.evaluate('globalThis.__request') as (
    url: string,
    init: RequestInit,
  ) => Promise<Response>;
  await walkApp((path, init = {}) => request(`http://edge.test${path}`, init), 'http://edge.test');
});
