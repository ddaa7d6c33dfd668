// `changeset version` on a copy of the workspace's manifests and changesets: the first release
// takes every published package to 0.1.0 together, and a later core minor takes them all to the
// next minor, not to a major (the fixed group, and core peers that accept any 0.x).

import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/exec.js';
import { scratchDir } from '../src/scratch.js';
import {
  HERE,
  type Manifest,
  publishedPackages,
  ROOT,
  workspacePackages,
} from '../src/workspace.js';

const changeset = join(HERE, 'node_modules', '.bin', 'changeset');
const packages = workspacePackages();
const published = publishedPackages().map((pkg) => [pkg.manifest.name, pkg.dir] as const);
const privates = packages.filter((pkg) => pkg.manifest.private === true);

let scratch: Awaited<ReturnType<typeof scratchDir>>;
let first: Map<string, Manifest>;
let second: Map<string, Manifest>;
let changelogs: Map<string, string>;
let leftOver: string[];

async function git(...args: string[]): Promise<void> {
  await run(
    'git',
    ['-c', 'user.name=release-checks', '-c', 'user.email=checks@localhost', ...args],
    {
      cwd: scratch.dir,
    },
  );
}

async function manifests(): Promise<Map<string, Manifest>> {
  const read = await Promise.all(
    packages.map(
      async (pkg) =>
        JSON.parse(await readFile(join(scratch.dir, pkg.dir, 'package.json'), 'utf8')) as Manifest,
    ),
  );
  return new Map(read.map((manifest) => [manifest.name, manifest]));
}

beforeAll(async () => {
  scratch = await scratchDir('changeset-version');
  for (const file of ['package.json', 'pnpm-workspace.yaml']) {
    await cp(join(ROOT, file), join(scratch.dir, file));
  }
  await cp(join(ROOT, '.changeset'), join(scratch.dir, '.changeset'), { recursive: true });
  for (const pkg of packages) {
    await mkdir(join(scratch.dir, pkg.dir), { recursive: true });
    await cp(join(pkg.path, 'package.json'), join(scratch.dir, pkg.dir, 'package.json'));
  }
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'unreleased');

  await run(changeset, ['version'], { cwd: scratch.dir });
  first = await manifests();
  changelogs = new Map();
  for (const [name, dir] of published) {
    const file = join(scratch.dir, dir, 'CHANGELOG.md');
    changelogs.set(name, existsSync(file) ? await readFile(file, 'utf8') : '');
  }
  leftOver = (await readdir(join(scratch.dir, '.changeset'))).filter((f) => f.endsWith('.md'));

  await git('add', '-A');
  await git('commit', '-q', '-m', 'first release');
  await writeFile(
    join(scratch.dir, '.changeset', 'core-feature.md'),
    "---\n'@coatcheck/core': minor\n---\n\nA new feature of core alone.\n",
  );
  await run(changeset, ['version'], { cwd: scratch.dir });
  second = await manifests();
});

afterAll(async () => {
  await scratch?.remove();
});

describe('changeset version', () => {
  it('consumes every changeset', () => {
    expect(leftOver).toEqual([]);
  });

  it.each(published)('takes %s to 0.1.0 with a changelog entry', (name) => {
    expect(first.get(name)?.version).toBe('0.1.0');
    expect(changelogs.get(name)).toMatch(/^## 0\.1\.0$/m);
  });

  it('leaves private packages unversioned', () => {
    for (const pkg of privates) {
      expect(first.get(pkg.manifest.name)?.version).toBe(pkg.manifest.version);
    }
  });

  it('moves every published package to 0.2.0 on a minor of core alone', () => {
    const versions = new Set(published.map(([name]) => second.get(name)?.version));
    expect([...versions]).toEqual(['0.2.0']);
  });
});
