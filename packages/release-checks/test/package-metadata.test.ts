// What the registry page and a user's tools read from each published package.json: where the
// code lives, what it runs on, what it exports; and that these checks cover the package.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientLibraries } from '../src/consumer.js';
import { HERE, type Manifest, publishedPackages, ROOT } from '../src/workspace.js';

const REPOSITORY = 'https://github.com/coatcheck/coatcheck';
/** The Node.js versions that load an ES module with require(). */
const NODE_RANGE = '^20.19.0 || >=22.12.0';

const published = publishedPackages().map((pkg) => [pkg.manifest.name, pkg] as const);
const checks = JSON.parse(readFileSync(join(HERE, 'package.json'), 'utf8')) as Manifest;

describe.each(published)('%s package.json', (_name, { dir, manifest }) => {
  const field = <T>(name: string): T => manifest[name] as T;

  it('says where its code, home page and issues are', () => {
    expect(field('repository')).toEqual({
      type: 'git',
      url: `git+${REPOSITORY}.git`,
      directory: dir,
    });
    expect(field('homepage')).toBe(`${REPOSITORY}/tree/main/${dir}#readme`);
    expect(field('bugs')).toBe(`${REPOSITORY}/issues`);
    expect(field('license')).toBe('MIT');
    expect(field<string[]>('keywords').length).toBeGreaterThan(0);
    expect(field<string>('description').length).toBeGreaterThan(20);
  });

  it('is ESM that require() loads where Node.js can, types first', () => {
    expect(field('type')).toBe('module');
    expect(field('engines')).toEqual({ node: NODE_RANGE });
    const root = field<Record<string, Record<string, string>>>('exports')['.'];
    expect(Object.keys(root ?? {})).toEqual(['types', 'default']);
    expect(field('main')).toBe(root?.default);
    expect(field('types')).toBe(root?.types);
  });

  it('publishes dist publicly, checked by publint and attw', () => {
    expect(field('files')).toEqual(['dist']);
    expect(field('publishConfig')).toEqual({ access: 'public' });
    const check = field<Record<string, string>>('scripts')['check-package'] ?? '';
    expect(check).toContain('publint --strict');
    expect(check).toContain('attw --pack .');
    expect(existsSync(join(ROOT, dir, 'README.md'))).toBe(true);
  });

  it('accepts every 0.x core as a peer, so a core minor does not force a major', () => {
    const peers = field<Record<string, string> | undefined>('peerDependencies') ?? {};
    if ('@coatcheck/core' in peers) expect(peers['@coatcheck/core']).toBe('workspace:0.x');
    const dependencies = field<Record<string, string> | undefined>('dependencies') ?? {};
    for (const [dependency, range] of Object.entries(dependencies)) {
      if (dependency.startsWith('@coatcheck/')) expect(range).toBe('workspace:^');
    }
  });

  it('is built before these checks run (a dependency of release-checks)', () => {
    expect(checks.private).toBe(true);
    expect((checks.devDependencies as Record<string, string>)[manifest.name]).toBe('workspace:*');
  });
});

describe('release-checks', () => {
  it('has every peer of a published package installed, for the consumer apps to get', () => {
    const own = checks.devDependencies as Record<string, string>;
    for (const client of clientLibraries()) expect(own).toHaveProperty([client]);
  });
});
