// Rewrites the SHA1 literals in src/script-sha1.ts from the built scripts (run after editing Lua):
//   pnpm --filter @coatcheck/redis sync-sha1
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { SCRIPTS, UPSTASH_SCRIPTS } from '../dist/index.js';

const file = new URL('../src/script-sha1.ts', import.meta.url);
const source = readFileSync(file, 'utf8');
const head = source.slice(0, source.indexOf('= {') + 3);
const block = (scripts) =>
  Object.entries(scripts)
    .map(
      ([name, { script }]) => `    ${name}: '${createHash('sha1').update(script).digest('hex')}',`,
    )
    .join('\n');
writeFileSync(
  file,
  `${head}\n  redis: {\n${block(SCRIPTS)}\n  },\n  upstash: {\n${block(UPSTASH_SCRIPTS)}\n  },\n};\n`,
);
