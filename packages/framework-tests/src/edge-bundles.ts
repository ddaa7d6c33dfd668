import { EdgeVM } from '@edge-runtime/vm';
import { build } from 'esbuild';
import { expect } from 'vitest';

/** Bundles `entry` and all it imports into one file for the browser platform. */
async function bundle(
  entry: string,
  format: 'iife' | 'esm',
  conditions: readonly string[],
): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format,
    platform: 'browser',
    conditions: [...conditions],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/**
 * Bundles `entry` as one IIFE script with the `worker` and `edge-light` export conditions an
 * edge bundler picks: EdgeVM runs scripts, not modules.
 */
export function bundleForEdgeVM(entry: string): Promise<string> {
  return bundle(entry, 'iife', ['worker', 'edge-light']);
}

/**
 * Bundles `entry` as a Worker module, with the `workerd` and `worker` export conditions
 * wrangler picks, for `startWorkerd`.
 */
export function bundleWorkerModule(entry: string): Promise<string> {
  return bundle(entry, 'esm', ['workerd', 'worker']);
}

/**
 * A fresh EdgeVM, checked (with `expect`) to have no Node globals at all: no `process`, no
 * `require`, no `Buffer`. The strict part of an edge test: code that needs one fails in it.
 */
export function strictEdgeVM(): EdgeVM {
  const vm = new EdgeVM();
  expect(vm.evaluate('typeof process')).toBe('undefined');
  expect(vm.evaluate('typeof require')).toBe('undefined');
  expect(vm.evaluate('typeof Buffer')).toBe('undefined');
  return vm;
}
