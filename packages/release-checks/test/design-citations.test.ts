// The contract lives in docs/design.md; nothing in the repository or in a published file may
// send a reader to a design file that is not there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/exec.js';
import { publishedPackages, ROOT } from '../src/workspace.js';

const CITATION = /DESIGN\.md/;
const TEXT = /\.(ts|mts|cts|js|mjs|cjs|json|md|yaml|yml|sh)$/;

async function trackedFiles(): Promise<string[]> {
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
  });
  return stdout.split('\n').filter((file) => TEXT.test(file));
}

describe('citations of the design document', () => {
  it('no file of the repository cites the outside design file', async () => {
    const files = await trackedFiles();
    expect(files).toContain('docs/design.md');
    const citing = files.filter((file) => CITATION.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(citing).toEqual([]);
  });

  it.each(publishedPackages().map((pkg) => [pkg.manifest.name, pkg.path] as const))(
    '%s: neither its build nor its declarations cite one',
    async (_name, path) => {
      for (const file of ['dist/index.js', 'dist/index.d.ts']) {
        expect(readFileSync(join(path, file), 'utf8')).not.toMatch(CITATION);
      }
    },
  );
});
