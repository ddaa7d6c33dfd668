import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, workspacePackages } from './workspace.js';

/** One fenced TypeScript block of a README. */
export interface ReadmeBlock {
  /** The README, relative to the root: `packages/core/README.md`. */
  readonly readme: string;
  /** The line of the opening fence, from 1. */
  readonly line: number;
  /** Words after `ts` on the fence, such as `fragment`. */
  readonly flags: readonly string[];
  readonly code: string;
  /** Where the consumer app keeps it: `src/readme/packages-core-17.ts`. */
  readonly file: string;
}

/** The root README and every workspace package's. */
export function readmes(): string[] {
  const candidates = ['README.md', ...workspacePackages().map((pkg) => `${pkg.dir}/README.md`)];
  return candidates.filter((path) => existsSync(join(ROOT, path)));
}

/**
 * Every ```ts (or ```typescript) block of every README, in order. A block whose fence says
 * `ts fragment` is a deliberate excerpt that does not compile alone.
 */
export function readmeBlocks(): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  for (const readme of readmes()) {
    const lines = readFileSync(join(ROOT, readme), 'utf8').split('\n');
    const slug = readme.replace(/\/?README\.md$/, '').replaceAll('/', '-') || 'root';
    for (let i = 0; i < lines.length; i++) {
      const fence = /^```(ts|typescript)(\s.*)?$/.exec(lines[i] ?? '');
      if (!fence) continue;
      const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
      if (end < 0) throw new Error(`${readme}:${i + 1}: a code block is never closed`);
      blocks.push({
        readme,
        line: i + 1,
        flags: (fence[2] ?? '').trim().split(/\s+/).filter(Boolean),
        code: `${lines.slice(i + 1, end).join('\n')}\n`,
        file: `src/readme/${slug}-${i + 1}.ts`,
      });
      i = end;
    }
  }
  return blocks;
}

/** The block as a module of its own: one without imports or exports gets `export {}`. */
export function asModule(block: ReadmeBlock): string {
  return /^(import|export)\s/m.test(block.code) ? block.code : `${block.code}export {};\n`;
}
