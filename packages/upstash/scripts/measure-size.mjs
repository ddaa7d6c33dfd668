// Measures what an edge function pays for coatcheck on Upstash: core + this adapter (and the
// @coatcheck/redis scripts it pulls in), bundled by esbuild for a worker, minified and gzipped,
// with @upstash/redis left external (the app ships it anyway). Run after `build`.
//   node scripts/measure-size.mjs          prints the figures
//   node scripts/measure-size.mjs --check  also exits 1 when over the budget
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET_BYTES = 5 * 1024;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (!existsSync(join(root, 'dist/index.js'))) {
  console.error('dist/index.js is missing: run `pnpm --filter @coatcheck/upstash build` first');
  process.exit(1);
}

const result = await build({
  stdin: {
    contents: [
      "export { SessionManager } from '@coatcheck/core';",
      "export { UpstashStorage } from './dist/index.js';",
    ].join('\n'),
    resolveDir: root,
    loader: 'js',
  },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['worker', 'edge-light'],
  target: 'es2022',
  external: ['@upstash/redis'],
  write: false,
  metafile: true,
  logLevel: 'silent',
});

const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).length;
const byPackage = new Map();
for (const [path, input] of Object.entries(Object.values(result.metafile.outputs)[0].inputs)) {
  if (input.bytesInOutput === 0) continue;
  // '../core/dist/index.js' -> core; 'dist/index.js' -> upstash (this package)
  const name =
    /(?:^|\/)([^/]+)\/dist\//.exec(`upstash/${path}`.replace('upstash/../', ''))?.[1] ?? path;
  byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log('core + upstash adapter, esbuild --minify, @upstash/redis external');
for (const [name, bytes] of byPackage) console.log(`  ${name.padEnd(12)} ${kb(bytes)} minified`);
console.log(
  `  total        ${kb(code.length)} minified, ${kb(gzipped)} gzipped (budget ${kb(BUDGET_BYTES)})`,
);

if (process.argv.includes('--check') && gzipped > BUDGET_BYTES) {
  console.error(`over budget by ${gzipped - BUDGET_BYTES} bytes`);
  process.exit(1);
}
