import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // Node: the server and the edge dev launcher; dependencies stay external.
    entry: { node: 'src/node.ts', 'edge-dev': 'src/edge-dev.ts' },
    format: 'esm',
    platform: 'node',
    target: 'node20',
  },
  {
    // The edge bundle: one self-contained script, as edge runtimes load it.
    entry: { 'edge-worker': 'src/edge-worker.ts' },
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    noExternal: [/.*/],
    outExtension: () => ({ js: '.js' }),
    esbuildOptions(options) {
      options.conditions = ['worker', 'edge-light', 'browser'];
    },
  },
]);
