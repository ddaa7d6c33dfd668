import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory outside the repository, as a new app would have, and its removal. */
export async function scratchDir(label: string): Promise<{
  readonly dir: string;
  remove(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), `coatcheck-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
