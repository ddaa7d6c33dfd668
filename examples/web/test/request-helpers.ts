import { MemoryStorage } from '@coatcheck/memory';
import type { Account } from '../src/accounts.js';
import { createApp } from '../src/app.js';
import { AppSecrets } from '../src/secrets.js';
import { createSessionManager } from '../src/sessions.js';

/** The example app in-process (no server), over memory storage, with its log captured. */
export function inProcessApp(accounts: readonly Account[], options: { trustProxy?: boolean } = {}) {
  const log: string[] = [];
  const sessions = createSessionManager(new MemoryStorage(), (line) => log.push(line));
  const app = createApp({
    sessions,
    backend: 'memory',
    secret: AppSecrets.random(),
    accounts,
    trustProxy: options.trustProxy ?? false,
    connectionIp: () => '192.0.2.10',
  });
  return { app, sessions, log };
}

/** A form-encoded POST as a same-origin browser form would send it. */
export function formPost(
  origin: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...headers },
    body: new URLSearchParams(fields).toString(),
  };
}

/** The value a `Set-Cookie` header sets for `name`, or `undefined`. */
export function cookieValue(response: Response, name: string): string | undefined {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const at = pair?.indexOf('=') ?? -1;
    if (pair && at > 0 && pair.slice(0, at) === name) return pair.slice(at + 1);
  }
  return undefined;
}

/** The CSRF token of the first form in a page. */
export function csrfFrom(page: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('no CSRF token in the page');
  return match[1];
}
