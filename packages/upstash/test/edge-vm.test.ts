import { fileURLToPath } from 'node:url';
import type { Did } from '@coatcheck/core';
import { bundleForEdgeVM, strictEdgeVM } from '@coatcheck/framework-tests';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Backend, freshPrefix, startBackend } from './support/backend.js';
import { type FakeServer, startFakeServer } from './support/fake-server.js';

const ENTRY = fileURLToPath(new URL('./fixtures/edge-entry.ts', import.meta.url));

let backend: Backend;
let silent: FakeServer;
let bundle: string;

beforeAll(async () => {
  backend = await startBackend();
  silent = await startFakeServer(() => {
    // never answers
  });
  bundle = await bundleForEdgeVM(ENTRY);
});

afterAll(async () => {
  await silent?.close();
  await backend?.stop();
});

it('runs an IIFE bundle of core, the adapter and @upstash/redis/cloudflare in EdgeVM', async () => {
  const vm = strictEdgeVM();

  const did = `did:plc:${freshPrefix().slice(1, 9)}` as Did;
  const config = {
    url: backend.rest.url,
    token: backend.rest.token,
    keyPrefix: freshPrefix(),
    did,
    silentUrl: silent.url,
  };
  vm.evaluate(`globalThis.__config = ${JSON.stringify(config)};`);
  vm.evaluate(bundle);
  const outcome = (await vm.evaluate('globalThis.__run')) as Record<string, unknown>;

  const created = outcome.created as {
    id: string;
    did: string;
    userAgent: string;
    scope: string[];
  };
  expect(created).toMatchObject({ did, userAgent: '123', scope: ['["edge"]'] });
  const { token: _token, ...session } = created as Record<string, unknown>;
  expect(outcome.read).toEqual({ ...session, fresh: false });
  expect(outcome.listed).toEqual([session]);
  expect(outcome.afterRevoke).toBeNull();
  expect(outcome.timedOut).toEqual({
    name: 'StorageError',
    cause: expect.stringMatching(/^TimeoutError: .*timeout/),
  });
});
