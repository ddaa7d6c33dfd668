import { run } from './exec.js';
import { publishedPackages } from './workspace.js';

/** A packed tarball: the package it holds and where it was written. */
export interface Tarball {
  readonly name: string;
  readonly file: string;
  /** The paths inside the tarball, as `pnpm pack` lists them. */
  readonly files: readonly string[];
}

/**
 * Packs every published package into `destination` with `pnpm pack`, which rewrites
 * `workspace:` ranges as `pnpm publish` does: what comes out is what the registry would get.
 */
export async function packAll(destination: string): Promise<Tarball[]> {
  const tarballs: Tarball[] = [];
  for (const pkg of publishedPackages()) {
    const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', destination], {
      cwd: pkg.path,
    });
    const report = JSON.parse(stdout) as { filename: string; files: { path: string }[] };
    tarballs.push({
      name: pkg.manifest.name,
      file: report.filename,
      files: report.files.map((entry) => entry.path),
    });
  }
  return tarballs;
}
