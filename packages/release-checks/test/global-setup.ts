import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packAll, type Tarball } from '../src/pack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The packed tarballs of every library package, published or private. */
    tarballs: Tarball[];
  }
}

/** Packs every library package once; each test file installs the tarballs it needs. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'coatcheck-tarballs-'));
  project.provide('tarballs', await packAll(dir));
  return () => rm(dir, { recursive: true, force: true });
}
