import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** This package's directory, whose node_modules hold the client libraries the consumers get. */
export const HERE = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The fields of a package.json these checks read. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly [field: string]: unknown;
}

/** One package of the workspace. */
export interface WorkspacePackage {
  /** Relative to the root, with forward slashes: `packages/core`. */
  readonly dir: string;
  readonly path: string;
  readonly manifest: Manifest;
}

/** Every package of the workspace, in `packages/`, `examples/` and `bench`. */
export function workspacePackages(): WorkspacePackage[] {
  const dirs = ['packages', 'examples'].flatMap((group) =>
    existsSync(join(ROOT, group))
      ? readdirSync(join(ROOT, group)).map((name) => `${group}/${name}`)
      : [],
  );
  dirs.push('bench');
  return dirs
    .filter((dir) => existsSync(join(ROOT, dir, 'package.json')))
    .sort()
    .map((dir) => ({
      dir,
      path: join(ROOT, dir),
      manifest: JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Manifest,
    }));
}

/** The packages that are published: every one not marked private. */
export function publishedPackages(): WorkspacePackage[] {
  return workspacePackages().filter((pkg) => pkg.manifest.private !== true);
}

/** The version of a client library as installed for this package, e.g. `ioredis` → `6.0.0`. */
export function installedVersion(name: string): string {
  const manifest = JSON.parse(
    readFileSync(join(HERE, 'node_modules', name, 'package.json'), 'utf8'),
  ) as Manifest;
  return manifest.version;
}
