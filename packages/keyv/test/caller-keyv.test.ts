// The Keyv instance belongs to the caller: using it through KeyvStorage must leave it as it was,
// with no listener of ours on it between operations and its own error events behaving as Keyv
// makes them behave.
import { randomUUID } from 'node:crypto';
import { type Did, SessionManager, StorageError } from '@coatcheck/core';
import Keyv from 'keyv';
import Keyv5 from 'keyv5';
import { describe, expect, it } from 'vitest';
import { KeyvStorage } from '../src/index.js';
import { BrokenMap } from './support/broken-map.js';
import { META } from './support/world.js';

const did = (): Did => `did:plc:${randomUUID().replaceAll('-', '')}` as Did;

/** Runs operations that succeed, then ones the store fails, through the adapter. */
async function exercise(keyv: Keyv | Keyv5, store: BrokenMap<unknown, unknown>): Promise<void> {
  const sessions = new SessionManager({ storage: new KeyvStorage(keyv) });
  const user = did();
  const session = await sessions.createSession(user, META);
  expect(await sessions.listSessions(user)).toHaveLength(1);
  await sessions.revokeToken('jti-1', new Date(Date.now() + 60_000));
  store.failReads = true;
  await expect(sessions.listSessions(user)).rejects.toBeInstanceOf(StorageError);
  await expect(sessions.isTokenRevoked('jti-1')).rejects.toBeInstanceOf(StorageError);
  store.failReads = false;
  store.failWrites = true;
  await expect(sessions.createSession(user, META)).rejects.toBeInstanceOf(StorageError);
  store.failWrites = false;
  await sessions.revokeSession(session.id);
}

describe.each([
  ['Keyv 6', (store: Map<unknown, unknown>) => new Keyv({ store })],
  ['Keyv 5', (store: Map<unknown, unknown>) => new Keyv5({ store })],
])('the caller’s %s instance', (_name, makeKeyv) => {
  it('carries the same error listeners before and after the adapter used it', async () => {
    const store = new BrokenMap<unknown, unknown>();
    const keyv = makeKeyv(store);
    const own = (): void => {};
    keyv.on('error', own);
    const before = keyv.listeners('error');
    await exercise(keyv, store);
    expect(keyv.listeners('error')).toEqual(before);
    keyv.off('error', own);
    expect(keyv.listeners('error')).toHaveLength(0);
    await exercise(keyv, store);
    expect(keyv.listeners('error')).toHaveLength(0);
  });

  it('reports its own failures to its own listener, once each', async () => {
    const store = new BrokenMap<unknown, unknown>();
    const keyv = makeKeyv(store);
    const heard: unknown[] = [];
    keyv.on('error', (error: unknown) => heard.push(error));
    await exercise(keyv, store);
    heard.length = 0;
    store.failWrites = true;
    expect(await keyv.set('own', 1)).toBe(false);
    expect(heard).toEqual([expect.objectContaining({ message: 'connection lost' })]);
  });
});

describe('Keyv’s own behaviour is kept after the adapter used the instance', () => {
  it('Keyv 6 rejects a failing call of the caller when nobody listens', async () => {
    const store = new BrokenMap<unknown, unknown>();
    const keyv = new Keyv({ store });
    await exercise(keyv, store);
    store.failReads = true;
    await expect(keyv.get('own')).rejects.toThrow('connection lost');
  });

  it('Keyv 5 resolves a failing write of the caller to false', async () => {
    const store = new BrokenMap<unknown, unknown>();
    const keyv = new Keyv5({ store });
    await exercise(keyv, store);
    store.failWrites = true;
    expect(await keyv.set('own', 1)).toBe(false);
  });
});
