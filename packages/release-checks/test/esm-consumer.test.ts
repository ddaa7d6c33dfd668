// An ESM TypeScript app (module nodenext, package type module) installs the packed tarballs,
// compiles, and imports every package.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compile, createConsumer, type Diagnostic, SMOKE_SOURCE } from '../src/consumer.js';
import { run } from '../src/exec.js';
import { scratchDir } from '../src/scratch.js';

const tarballs = inject('tarballs');
const names = tarballs.map((tarball) => tarball.name);

const files: Record<string, string> = {
  'src/main.ts': [
    ...names.map((name, i) => `import * as p${i} from '${name}';`),
    "import { smoke } from './smoke.js';",
    '',
    `const imported: Record<string, Record<string, unknown>> = { ${names.map((name, i) => `'${name}': p${i}`).join(', ')} };`,
    'const keys = Object.fromEntries(',
    '  Object.entries(imported).map(([name, module]) => [name, Object.keys(module).sort()]),',
    ');',
    'console.log(JSON.stringify({ keys, smoke: await smoke() }));',
    '',
  ].join('\n'),
  'src/smoke.ts': SMOKE_SOURCE,
};

let scratch: Awaited<ReturnType<typeof scratchDir>>;
let diagnostics: Diagnostic[];
let failure: unknown;
let report: { keys?: Record<string, string[]>; smoke?: unknown } = {};

beforeAll(async () => {
  scratch = await scratchDir('esm-consumer');
  await createConsumer(scratch.dir, { type: 'module', tarballs, files });
  diagnostics = await compile(scratch.dir);
  try {
    const { stdout } = await run(process.execPath, ['dist/main.js'], { cwd: scratch.dir });
    report = JSON.parse(stdout);
  } catch (error) {
    failure = error;
  }
});

afterAll(async () => {
  await scratch?.remove();
});

describe('an ESM TypeScript app (nodenext) on the packed tarballs', () => {
  it('compiles without an error, declaration files of every package included', () => {
    expect(diagnostics.map((diagnostic) => diagnostic.text)).toEqual([]);
  });

  it('runs under Node.js', () => {
    expect(failure).toBeUndefined();
  });

  it.each(names)('import "%s" gives its named exports', (name) => {
    expect(report.keys?.[name]?.length).toBeGreaterThan(0);
    expect(report.keys?.[name]).not.toContain('default');
  });

  it('creates and lists a session, and errors are instances of the exported classes', () => {
    expect(report.smoke).toEqual({ listed: 1, refused: true });
  });
});
