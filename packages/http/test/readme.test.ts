import { readFileSync } from 'node:fs';
import { expect, it, vi } from 'vitest';

const here = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

it('the README shows readme-example.ts as it is, and it runs', async () => {
  expect(here('../README.md')).toContain(`\`\`\`ts\n${here('./readme-example.ts')}\`\`\``);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await import('./readme-example.js');
  expect(log).toHaveBeenCalledWith('__Host-coatcheck_session', true);
});
