import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SCRIPTS } from '@coatcheck/redis';
import { build } from 'esbuild';
import type { FootprintFigure } from '../results.js';

// Resolve the packages from the bench's own dependencies.
const RESOLVE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Minified and gzipped size of an ESM bundle of `entry`, as an edge function would ship it. */
export async function bundleSize(entry: string, external: readonly string[]) {
  const result = await build({
    stdin: { contents: entry, resolveDir: RESOLVE_DIR, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['worker', 'edge-light'],
    target: 'es2022',
    external: [...external],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  // Minified bytes per package, largest first, to show where the size comes from.
  const byPackage = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name = packageOf(path);
      byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  const parts = [...byPackage].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]);
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, parts };
}

/** `@coatcheck/redis` for a file of that package, whether reached through node_modules or not. */
function packageOf(path: string): string {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (modules) return modules[1]!;
  const workspace = /packages\/([^/]+)\//.exec(path);
  return workspace ? `@coatcheck/${workspace[1]}` : path;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** The edge bundle of `SessionManager` + `UpstashStorage`, `@upstash/redis` left external. */
export async function edgeBundleFigures(): Promise<FootprintFigure[]> {
  const edge = await bundleSize(
    "export { SessionManager } from '@coatcheck/core'; export { UpstashStorage } from '@coatcheck/upstash';",
    ['@upstash/redis', '@upstash/redis/*'],
  );
  const core = await bundleSize("export { SessionManager } from '@coatcheck/core';", []);
  // The Lua as the adapters ship it (comments and indentation already stripped), on its own:
  // text that a JavaScript minifier leaves as it is.
  const lua = Object.values(SCRIPTS)
    .map((s) => s.script)
    .join('\n');
  const luaBytes = new TextEncoder().encode(lua);
  return [
    {
      id: 'bundle.edge',
      label: 'Edge bundle, core + upstash adapter (minified + gzipped)',
      value: edge.gzipped,
      unit: 'B',
      detail: `esbuild, ESM, \`@upstash/redis\` external: ${edge.minified.toLocaleString('en-US')} B minified (${edge.parts.map(([name, bytes]) => `${name} ${kb(bytes)}`).join(', ')}), ${edge.gzipped.toLocaleString('en-US')} B gzipped`,
    },
    {
      id: 'bundle.core',
      label: 'Of which core alone (`SessionManager`)',
      value: core.gzipped,
      unit: 'B',
      detail: `${core.minified.toLocaleString('en-US')} B minified, ${core.gzipped.toLocaleString('en-US')} B gzipped`,
    },
    {
      id: 'bundle.lua',
      label: `Of which the Lua of the ${Object.keys(SCRIPTS).length} scripts`,
      value: gzipSync(luaBytes, { level: 9 }).byteLength,
      unit: 'B',
      detail: `${luaBytes.byteLength.toLocaleString('en-US')} B as shipped, gzipped on its own`,
    },
  ];
}
