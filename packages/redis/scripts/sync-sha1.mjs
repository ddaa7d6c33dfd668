// Rewrites the SHA1 literals in src/scripts.ts from the built scripts (run after editing Lua):
//   pnpm --filter @coatcheck/redis sync-sha1
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { SCRIPTS } from '../dist/index.js';

const file = new URL('../src/scripts.ts', import.meta.url);
let source = readFileSync(file, 'utf8');
for (const [name, { script }] of Object.entries(SCRIPTS)) {
  const sha1 = createHash('sha1').update(script).digest('hex');
  const literal = new RegExp(`(define\\(\\s*'${name}',\\s*\\w+,\\s*\\d+,\\s*')[0-9a-f]*(')`);
  if (!literal.test(source)) throw new Error(`no define('${name}', ...) in src/scripts.ts`);
  source = source.replace(literal, `$1${sha1}$2`);
}
writeFileSync(file, source);
