import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { readmeShows, walkReadmeApp } from '@coatcheck/framework-tests';
import { afterAll, expect, it } from 'vitest';

const here = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');
let close: (() => void) | undefined;
afterAll(() => close?.());

it('the README shows readme-app.ts as it is', () => {
  expect(readmeShows(here('../README.md'), here('./readme-app.ts'))).toBe(true);
});

it('the README app signs in, lists and revokes devices and signs out everywhere', async () => {
  process.env.PORT = '0';
  const { server } = await import('./readme-app.js');
  close = () => server.close();
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  await walkReadmeApp(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
