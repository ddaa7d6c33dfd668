// An ESM TypeScript app (module nodenext, package type module) installs the packed tarballs,
// compiles, and imports every package.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type BuiltConsumer, buildConsumer, SMOKE_SOURCE } from '../src/consumer.js';
import { run } from '../src/exec.js';

const tarballs = inject('tarballs').filter((tarball) => tarball.published);
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

let app: BuiltConsumer;
let report: { keys?: Record<string, string[]>; smoke?: unknown };

beforeAll(async () => {
  app = await buildConsumer('esm-consumer', { type: 'module', tarballs, files });
  report = (app.output ?? {}) as typeof report;
});

afterAll(async () => {
  await app?.remove();
});

describe('an ESM TypeScript app (nodenext) on the packed tarballs', () => {
  it('compiles without an error, declaration files of every package included', () => {
    expect(app.diagnostics.map((diagnostic) => diagnostic.text)).toEqual([]);
  });

  it('runs under Node.js', () => {
    expect(app.failure).toBeUndefined();
  });

  it.each(names)('import "%s" gives its named exports', (name) => {
    expect(report.keys?.[name]?.length).toBeGreaterThan(0);
    expect(report.keys?.[name]).not.toContain('default');
  });

  it('creates and lists a session, and errors are instances of the exported classes', () => {
    expect(report.smoke).toEqual({ listed: 1, refused: true });
  });

  it('has the upstash-dev-server command installed from its tarball', async () => {
    const { stdout } = await run('node_modules/.bin/upstash-dev-server', ['--help'], {
      cwd: app.dir,
    });
    expect(stdout).toMatch(/^Usage: upstash-dev-server /);
  });
});
