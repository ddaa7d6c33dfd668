import { readFileSync } from 'node:fs';
import { freePort, readmeShows, walkReadmeApp } from '@coatcheck/framework-tests';
import { expect, it } from 'vitest';

const here = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

it('the README shows readme-app.ts as it is', () => {
  expect(readmeShows(here('../README.md'), here('./readme-app.ts'))).toBe(true);
});

it('the README app signs in, lists and revokes devices and signs out everywhere on Node', async () => {
  const port = await freePort();
  process.env.PORT = String(port);
  await import('./readme-app.js');
  await walkReadmeApp(`http://127.0.0.1:${port}`);
});
