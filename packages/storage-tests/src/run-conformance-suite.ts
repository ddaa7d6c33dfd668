import { describe } from 'vitest';
import { describeBadInput } from './bad-input.js';
import { describeBearerTokens } from './bearer-tokens.js';
import { describeConcurrency } from './concurrency.js';
import { describeHooks } from './hooks.js';
import { describeLifecycle } from './lifecycle.js';
import { describeLimits } from './limits.js';
import { describeModelCheck } from './model-check.js';
import type { ConformanceOptions } from './options.js';
import { describeRevocation } from './revocation.js';
import { describeRotation } from './rotation.js';
import { describeSliding } from './sliding.js';
import { describeTokens } from './tokens.js';

/** Per-test timeout under `clock: 'real'`, whose tests sleep through expiries. */
export const REAL_CLOCK_TEST_TIMEOUT_MS = 30_000;

/**
 * Registers the whole conformance suite for one storage adapter, as vitest tests, in a
 * `describe` block titled after `options.name`. Call it from the adapter's
 * `test/conformance.test.ts`. Every test gets a fresh storage from `createStorage`, a fresh
 * DID and its own `SessionManager`; nothing is skipped: checks that need `inspect` or the
 * manual clock are only registered when those are available, and the race checks read
 * `capabilities.atomic` to be exact or best effort.
 *
 * @example
 * ```ts
 * // packages/memory/test/conformance.test.ts
 * import { runConformanceSuite } from '@coatcheck/storage-tests';
 * import { MemoryStorage } from '../src/index.js';
 *
 * runConformanceSuite({
 *   name: 'MemoryStorage',
 *   createStorage: () => new MemoryStorage(),
 *   inspect: {
 *     recordTtlMs: async (storage, id, now) => (storage as MemoryStorage).recordTtl(id, now),
 *   },
 * });
 * ```
 */
export function runConformanceSuite(options: ConformanceOptions): void {
  // Under the real clock a test sleeps up to ~6 s; the manual clock keeps vitest's default.
  const timing = options.clock === 'real' ? { timeout: REAL_CLOCK_TEST_TIMEOUT_MS } : {};
  describe(`${options.name} conformance`, timing, () => {
    describeLifecycle(options);
    describeBearerTokens(options);
    describeLimits(options);
    describeSliding(options);
    describeRevocation(options);
    describeTokens(options);
    describeConcurrency(options);
    describeBadInput(options);
    describeRotation(options);
    describeModelCheck(options);
    describeHooks(options);
  });
}
