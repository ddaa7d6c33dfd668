import type { AddressInfo } from 'node:net';
import type { SessionStorage } from '@coatcheck/core';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Account } from '../src/accounts.js';
import { createApp } from '../src/app.js';
import { hashPassword } from '../src/password.js';
import { AppSecrets } from '../src/secrets.js';
import { createSessionManager } from '../src/sessions.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function randomBase32(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => BASE32[byte % 32]).join('');
}

/** A test user with a DID of its own, so tests never share sessions. */
export interface TestAccount {
  readonly account: Account;
  readonly password: string;
}

/** A fresh account with a random DID and password (hashed with few iterations: tests only). */
export async function freshAccount(displayName = 'Tester'): Promise<TestAccount> {
  const username = `user-${randomBase32(8)}`;
  const password = `pw-${randomBase32(16)}`;
  return {
    password,
    account: {
      username,
      displayName,
      did: `did:plc:${randomBase32(24)}`,
      scope: ['atproto'],
      password: await hashPassword(password, 1000),
    },
  };
}

/** A running example app on a free loopback port. */
export interface TestApp {
  readonly url: string;
  /** Audit and log lines the app wrote. */
  readonly log: string[];
  close(): Promise<void>;
}

/** Serves the example app over `storage` on 127.0.0.1, as `node.ts` does. */
export async function startTestApp(options: {
  storage: SessionStorage;
  accounts: readonly Account[];
  passwordHints?: Readonly<Record<string, string>>;
  backend?: string;
}): Promise<TestApp> {
  const log: string[] = [];
  const app = createApp({
    sessions: createSessionManager(options.storage, (line) => log.push(line)),
    backend: options.backend ?? 'test storage',
    secret: AppSecrets.random(),
    accounts: options.accounts,
    ...(options.passwordHints ? { passwordHints: options.passwordHints } : {}),
    connectionIp: (c) => getConnInfo(c).remote.address,
  });
  return new Promise((resolve) => {
    const server = serve(
      { fetch: app.fetch, port: 0, hostname: '127.0.0.1' },
      (info: AddressInfo) => {
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          log,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        });
      },
    );
  });
}
