// A CommonJS TypeScript app (module nodenext, package type commonjs) installs the packed
// tarballs, compiles, and require()s every package: Node.js 20.19+ and 22.12+ load ES modules
// through require(), and the `default` export condition lets them find ours.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type BuiltConsumer, buildConsumer, SMOKE_SOURCE } from '../src/consumer.js';

const tarballs = inject('tarballs').filter((tarball) => tarball.published);
const names = tarballs.map((tarball) => tarball.name);

/** One file per package: `import x = require(...)` is how CommonJS TypeScript spells it. */
function packageFile(name: string): string {
  return [
    `import loaded = require('${name}');`,
    'export const viaRequire: Record<string, unknown> = loaded;',
    '',
  ].join('\n');
}

const files: Record<string, string> = {
  'src/main.ts': [
    ...names.map((_name, i) => `import { viaRequire as p${i} } from './packages/p${i}';`),
    "import { smoke } from './smoke';",
    '',
    `const required: Record<string, Record<string, unknown>> = { ${names.map((name, i) => `'${name}': p${i}`).join(', ')} };`,
    '',
    'async function main(): Promise<void> {',
    '  const report: Record<string, unknown> = {};',
    '  for (const [name, module] of Object.entries(required)) {',
    '    // The same module through import(): require(esm) must hand out the very same objects.',
    '    const imported = (await import(name)) as Record<string, unknown>;',
    '    const keys = Object.keys(module).sort();',
    '    const same = keys.every((key) => module[key] === imported[key]);',
    '    report[name] = { keys, importKeys: Object.keys(imported).sort(), same };',
    '  }',
    '  report.smoke = await smoke();',
    '  console.log(JSON.stringify(report));',
    '}',
    '',
    'main().catch((error: unknown) => {',
    '  console.error(error);',
    '  process.exitCode = 1;',
    '});',
    '',
  ].join('\n'),
  'src/smoke.ts': SMOKE_SOURCE,
};
names.forEach((name, i) => {
  files[`src/packages/p${i}.ts`] = packageFile(name);
});

let app: BuiltConsumer;
let report: Record<string, { keys: string[]; importKeys: string[]; same: boolean }> & {
  smoke?: { listed: number; refused: boolean };
};

beforeAll(async () => {
  app = await buildConsumer('cjs-consumer', { type: 'commonjs', tarballs, files });
  report = (app.output ?? {}) as typeof report;
});

afterAll(async () => {
  await app?.remove();
});

describe('a CommonJS TypeScript app (nodenext) on the packed tarballs', () => {
  it('compiles without an error, declaration files of every package included', () => {
    expect(app.diagnostics.map((diagnostic) => diagnostic.text)).toEqual([]);
  });

  it('runs under Node.js', () => {
    expect(app.failure).toBeUndefined();
  });

  it('is compiled to require() calls, not imports', async () => {
    const compiled = await readFile(join(app.dir, 'dist/packages/p0.js'), 'utf8');
    expect(compiled).toContain(`require("${names[0]}")`);
    expect(compiled).not.toMatch(/^import /m);
  });

  it.each(names)('require("%s") loads the same module import() does', (name) => {
    const entry = report[name];
    expect(entry?.keys.length).toBeGreaterThan(0);
    expect(entry?.keys).toEqual(entry?.importKeys.filter((key) => key !== 'default'));
    expect(entry?.same).toBe(true);
  });

  it('creates and lists a session, and errors are instances of the exported classes', () => {
    expect(report.smoke).toEqual({ listed: 1, refused: true });
  });
});
