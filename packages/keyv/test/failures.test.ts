import { randomUUID } from 'node:crypto';
import { type Did, SessionManager, StorageError } from '@coatcheck/core';
import Keyv from 'keyv';
import Keyv5 from 'keyv5';
import { describe, expect, it } from 'vitest';
import { KeyvStorage } from '../src/index.js';
import { BrokenMap } from './support/broken-map.js';
import { type Line, META, recordingLogger } from './support/world.js';

const did = (): Did => `did:plc:${randomUUID().replaceAll('-', '')}` as Did;

describe.each([
  ['Keyv 6', (store: Map<unknown, unknown>) => new Keyv({ store })],
  ['Keyv 5', (store: Map<unknown, unknown>) => new Keyv5({ store })],
])('a failing store under %s', (_name, makeKeyv) => {
  it.each([false, true])(
    'rejects reads and writes with StorageError (own error listener: %s)',
    async (listening) => {
      const store = new BrokenMap<unknown, unknown>();
      const keyv = makeKeyv(store);
      const heard: unknown[] = [];
      if (listening) keyv.on('error', (error: unknown) => heard.push(error));
      const sessions = new SessionManager({ storage: new KeyvStorage(keyv) });
      const session = await sessions.createSession(did(), META);

      store.failReads = true;
      const read = sessions.getSession(session.token);
      await expect(read).rejects.toBeInstanceOf(StorageError);
      await expect(read).rejects.toMatchObject({
        adapter: 'keyv',
        message: expect.stringContaining('get failed'),
      });
      await expect(sessions.isTokenRevoked('jti-1')).rejects.toBeInstanceOf(StorageError);

      store.failReads = false;
      store.failWrites = true;
      await expect(sessions.createSession(did(), META)).rejects.toMatchObject({
        adapter: 'keyv',
        message: expect.stringContaining('create failed'),
      });
      await expect(
        sessions.revokeToken('jti-1', new Date(Date.now() + 60_000)),
      ).rejects.toBeInstanceOf(StorageError);
      store.failWrites = false;
      expect(await sessions.getSession(session.token)).not.toBeNull();
    },
  );
});

describe('values that cannot be decoded', () => {
  const setup = () => {
    const keyv = new Keyv();
    const lines: Line[] = [];
    const prefix = `t-${randomUUID()}:`;
    const sessions = new SessionManager({
      storage: new KeyvStorage(keyv, { keyPrefix: prefix }),
      logger: recordingLogger(lines),
    });
    return { keyv, lines, prefix, sessions };
  };

  it('a session record reads as absent and is logged at error level by fingerprint only', async () => {
    const { keyv, lines, prefix, sessions } = setup();
    const user = did();
    const { id, token } = await sessions.createSession(user, META);
    expect(await sessions.getSession(token)).not.toBeNull();
    await keyv.set(`${prefix}s:${id}`, { v: 1, id, did: user, createdAt: 'yesterday' }, 60_000);
    expect(await sessions.getSession(token)).toBeNull();
    expect(await sessions.listSessions(user)).toEqual([]);
    const errors = lines.filter((line) => line.level === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.context).toMatchObject({ session: expect.stringMatching(/^fp_/) });
    expect(JSON.stringify(lines)).not.toContain(id);
  });

  it('a blacklist entry reads as revoked (fail closed) and is logged without the token id', async () => {
    const { keyv, lines, prefix, sessions } = setup();
    await sessions.revokeToken('jti-secret-1', new Date(Date.now() + 60_000));
    const key = [
      ...((keyv.store as unknown as { store: Map<string, unknown> }).store?.keys() ?? []),
    ].find((k) => k.startsWith(`${prefix}t:`));
    expect(key).toBeDefined();
    expect(key).not.toContain('jti-secret-1');
    await keyv.set(key!, 'garbage', 60_000);
    expect(await sessions.isTokenRevoked('jti-secret-1')).toBe(true);
    expect(lines.some((line) => line.level === 'error')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('jti-secret-1');
  });
});
