// @vitest-environment edge-runtime
import { runFrameworkSuite } from '@coatcheck/framework-tests';
import { expect, it } from 'vitest';
import { honoHarness } from './hono-harness.js';

it('runs in the edge runtime environment (its Request, Response, Web Crypto)', () => {
  // The environment swaps in the edge runtime's globals; this fails if it silently did not.
  expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('string');
});

runFrameworkSuite('@coatcheck/hono in the edge runtime', honoHarness);
