import { readFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { compactLua } from './src/compact-lua.js';

// Lua sources are TypeScript modules exporting template strings. Compacting the whole module
// text is safe (it only trims lines and drops blank ones and `--` lines, which TypeScript never
// starts a line with here) and leaves Lua comments out of every bundle; `define()` applies the
// same idempotent step at runtime, so the script and its SHA1 match the unbuilt sources.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  esbuildPlugins: [
    {
      name: 'compact-lua',
      setup(build) {
        build.onLoad({ filter: /[\\/]src[\\/]lua[\\/][^\\/]+\.ts$/ }, async (args) => ({
          contents: compactLua(await readFile(args.path, 'utf8')),
          loader: 'ts',
        }));
      },
    },
  ],
});
