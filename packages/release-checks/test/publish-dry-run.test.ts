// `pnpm publish -r --dry-run`: what each package would put on the registry, printed in full, and
// nothing it must not ship (tests, sources, maps, configs), nothing it must ship missing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { run } from '../src/exec.js';
import { publishedPackages, ROOT } from '../src/workspace.js';

interface DryRunEntry {
  readonly name: string;
  readonly version: string;
  readonly files: readonly { readonly path: string }[];
}

/** What a published package may hold: its build, and the files the registry page shows. */
const ALLOWED = /^(dist\/[\w.-]+\.(js|d\.ts)|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/;
const REQUIRED = ['README.md', 'LICENSE', 'package.json'];

const published = publishedPackages();
let entries: Map<string, DryRunEntry>;

beforeAll(async () => {
  const { stdout } = await run(
    'pnpm',
    ['publish', '-r', '--dry-run', '--no-git-checks', '--json', '--reporter=silent'],
    { cwd: ROOT },
  );
  const list = JSON.parse(stdout) as DryRunEntry[];
  entries = new Map(list.map((entry) => [entry.name, entry]));
  for (const entry of list) {
    console.log(`${entry.name}@${entry.version} would publish:`);
    for (const file of entry.files) console.log(`  ${file.path}`);
  }
});

/** The files package.json points at: exports, main, types and bin. */
function entryPoints(manifest: Record<string, unknown>): string[] {
  const targets: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') targets.push(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(manifest.exports);
  collect(manifest.main);
  collect(manifest.types);
  collect(manifest.bin);
  return [...new Set(targets)].sort();
}

describe('pnpm publish -r --dry-run', () => {
  it('publishes every package not marked private, and no other', () => {
    expect([...entries.keys()].sort()).toEqual(published.map((pkg) => pkg.manifest.name).sort());
  });

  it.each(published.map((pkg) => [pkg.manifest.name, pkg.manifest] as const))(
    '%s ships its build, README, LICENSE and package.json, and nothing else',
    (name, manifest) => {
      const files = entries.get(name)?.files.map((file) => file.path) ?? [];
      for (const required of REQUIRED) expect(files).toContain(required);
      for (const target of entryPoints(manifest)) expect(files).toContain(target);
      expect(files.filter((file) => !ALLOWED.test(file))).toEqual([]);
      expect(files.filter((file) => /test|spec|\.map$/i.test(file))).toEqual([]);
    },
  );

  it.each(
    inject('tarballs')
      .filter((tarball) => tarball.published)
      .map((tarball) => [tarball.name, tarball.file] as const),
  )('%s carries the repository LICENSE', async (_name, file) => {
    const { stdout } = await run('tar', ['-xzOf', file, 'package/LICENSE'], { cwd: ROOT });
    expect(stdout).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
  });
});
