import { run } from './exec.js';
import { HERE, workspacePackages } from './workspace.js';

/** A packed tarball: the package it holds and where it was written. */
export interface Tarball {
  readonly name: string;
  readonly file: string;
  /** Whether the package is published; private library packages are packed for their READMEs. */
  readonly published: boolean;
  /** The paths inside the tarball, as `pnpm pack` lists them. */
  readonly files: readonly string[];
}

/**
 * Packs every library package (those in `packages/`, published or not, but this one) into
 * `destination` with `pnpm pack`, which rewrites `workspace:` ranges as `pnpm publish` does:
 * what comes out is what the registry would get. The private ones are packed only so that the
 * examples of their READMEs can be compiled the way the published ones are.
 */
export async function packAll(destination: string): Promise<Tarball[]> {
  const tarballs: Tarball[] = [];
  const libraries = workspacePackages().filter(
    (pkg) => pkg.dir.startsWith('packages/') && pkg.path !== HERE,
  );
  for (const pkg of libraries) {
    const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', destination], {
      cwd: pkg.path,
    });
    const report = JSON.parse(stdout) as { filename: string; files: { path: string }[] };
    tarballs.push({
      name: pkg.manifest.name,
      file: report.filename,
      published: pkg.manifest.private !== true,
      files: report.files.map((entry) => entry.path),
    });
  }
  return tarballs;
}
