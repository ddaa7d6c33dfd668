// Adds up the vitest JSON reports of every package and prints the closing line CI reads.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const reports = [];
for (const group of ['packages', 'examples', 'bench']) {
  if (!existsSync(group)) continue;
  const dirs = group === 'bench' ? ['.'] : readdirSync(group);
  for (const dir of dirs) {
    const file = join(group, dir, '.vitest-results.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    reports.push(
      `${join(group, dir)}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
    );
  }
}
for (const line of reports) console.log(line);
if (reports.length === 0) {
  console.log('no test report found');
  process.exitCode = 1;
}
if (skipped > 0) {
  console.log(`${skipped} tests were skipped: skipping is not allowed`);
  process.exitCode = 1;
}
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
