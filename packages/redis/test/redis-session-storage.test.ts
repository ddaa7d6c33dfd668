import {
  type Did,
  didBucket,
  generateSessionId,
  InvalidArgumentError,
  type Logger,
  type SessionRecord,
  StorageError,
} from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import {
  encodeRecord,
  type RedisScript,
  RedisSessionStorage,
  SCRIPTS,
  type ScriptName,
  sessionField,
} from '../src/index.js';

const did: Did = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz';
const now = 1_764_000_000_000;
const expiry = { idleMs: 60_000, absoluteMs: 0, touchIntervalMs: 0 };
const hash = 'AAAAAAAAAAAAAAAAAAAAAA';
const op = { retentionMs: 1000, operationId: 'op-0123456789abc' };
/** A bucket other than the DID's, as a number below 2^48. */
const strayBucket = (didBucket(did) + 1) % 2 ** 48;

interface Call {
  readonly script: RedisScript;
  readonly keys: readonly string[];
  readonly args: readonly (string | number)[];
}

/** A storage whose runner records each call and answers with `reply`. */
function fake(reply: unknown = null) {
  const calls: Call[] = [];
  const errors: [string, Record<string, unknown> | undefined][] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (message, context) => errors.push([message, context]),
  };
  const storage = new RedisSessionStorage({
    name: 'fake',
    keyPrefix: 'p:',
    run: async (script, keys, args) => {
      calls.push({ script, keys, args });
      if (reply instanceof Error) throw reply;
      return reply;
    },
  });
  return { storage, calls, errors, ctx: { now, logger } };
}

function record(id = generateSessionId(didBucket(did))): SessionRecord {
  return {
    id,
    did,
    createdAt: now,
    expiresAt: now + 60_000,
    lastActivity: now,
    ipAddress: '203.0.113.7',
    userAgent: 'UA',
    scope: [],
  };
}

describe('RedisSessionStorage', () => {
  const id = generateSessionId(didBucket(did));
  const other = generateSessionId(didBucket(did));
  const member = sessionField(id);

  const operations: [ScriptName, unknown, (f: ReturnType<typeof fake>) => Promise<unknown>][] = [
    [
      'create',
      [[], []],
      (f) => f.storage.create(record(id), hash, { ...f.ctx, maxSessions: 5, retentionMs: 1000 }),
    ],
    ['get', null, (f) => f.storage.get(id, hash, { ...f.ctx, expiry })],
    ['update', 0, (f) => f.storage.update(id, { scope: ['a'] }, { ...f.ctx, expiry })],
    ['revoke', null, (f) => f.storage.revoke(id, { ...f.ctx, ...op })],
    ['revokeAll', [[], []], (f) => f.storage.revokeAll(did, { ...f.ctx, ...op })],
    ['revokeOthers', null, (f) => f.storage.revokeOthers(did, id, { ...f.ctx, ...op })],
    [
      'rotate',
      null,
      (f) => f.storage.rotate(id, other, hash, { ...f.ctx, expiry, retentionMs: 1000 }),
    ],
    ['list', [[], []], (f) => f.storage.list(did, { ...f.ctx, includeRevoked: false })],
    ['revokeToken', 1, (f) => f.storage.revokeToken('jti', now + 1000, f.ctx)],
    ['isTokenRevoked', 0, (f) => f.storage.isTokenRevoked('jti', f.ctx)],
  ];

  it.each(operations)(
    '%s is exactly one runner call with its own script',
    async (name, reply, call) => {
      const f = fake(reply);
      await call(f);
      expect(f.calls).toHaveLength(1);
      expect(f.calls[0]?.script).toBe(SCRIPTS[name]);
      expect(f.calls[0]?.keys).toHaveLength(SCRIPTS[name].numberOfKeys);
    },
  );

  it.each(operations)(
    '%s: one declared key, the hash of the bucket or a token key',
    async (name, reply, call) => {
      const f = fake(reply);
      await call(f);
      const keys = f.calls[0]?.keys ?? [];
      expect(keys).toHaveLength(1);
      expect(keys[0]).toBe(
        name.endsWith('Token') || name === 'isTokenRevoked' ? 'p:t:jti' : f.storage.keys.user(did),
      );
    },
  );

  it.each(operations)(
    '%s: a runner that throws instead of rejecting fails the same way',
    async (name, _reply, call) => {
      const cause = new Error('not connected');
      const f = fake();
      const storage = new RedisSessionStorage({
        name: 'fake',
        run: () => {
          throw cause;
        },
      });
      const error = await call({ ...f, storage }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).cause).toBe(cause);
      expect((error as StorageError).message).toContain(`fake: ${name} failed`);
    },
  );

  it.each(operations)(
    '%s: a runner failure becomes StorageError with the cause',
    async (name, _reply, call) => {
      const cause = new Error('connection lost');
      const f = fake(cause);
      const error = await call(f).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).cause).toBe(cause);
      expect((error as StorageError).message).toContain(`fake: ${name} failed`);
    },
  );

  it.each(operations)(
    '%s: a reply of an unknown shape becomes StorageError',
    async (_name, _reply, call) => {
      const f = fake({ surprise: true });
      await expect(call(f)).rejects.toBeInstanceOf(StorageError);
    },
  );

  it('passes the record and its bucket to create, and maps evicted fields to ids', async () => {
    const f = fake([[sessionField(other)], []]);
    const result = await f.storage.create(record(id), hash, {
      ...f.ctx,
      maxSessions: 1,
      retentionMs: 1000,
    });
    expect(result.evicted).toEqual([other]);
    expect(f.calls[0]?.keys).toEqual([f.storage.keys.user(did)]);
    expect(f.calls[0]?.args).toEqual([
      now,
      1,
      1000,
      sessionField(id),
      encodeRecord(record(id), hash),
    ]);
  });

  it('refuses a record whose id is not in its DID bucket, before any call', async () => {
    const f = fake([[], []]);
    const stray = record(generateSessionId(strayBucket));
    await expect(
      f.storage.create(stray, hash, { ...f.ctx, maxSessions: 1, retentionMs: 1 }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(f.calls).toHaveLength(0);
  });

  it('revokeOthers with a kept id of another bucket answers null without a call', async () => {
    const f = fake([[], []]);
    const stray = generateSessionId(strayBucket);
    expect(await f.storage.revokeOthers(did, stray, { ...f.ctx, ...op })).toBeNull();
    expect(f.calls).toHaveLength(0);
  });

  it('rotate refuses a new id in another bucket', async () => {
    const f = fake(null);
    const stray = generateSessionId(strayBucket);
    await expect(
      f.storage.rotate(id, stray, hash, { ...f.ctx, expiry, retentionMs: 1 }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('decodes a record reply, with whether the read slid it', async () => {
    const f = fake(`+${encodeRecord(record(id), hash)}`);
    expect(await f.storage.get(id, hash, { ...f.ctx, expiry })).toEqual({
      record: record(id),
      fresh: true,
    });
  });

  it('durability needs a runner that can wait, and a valid shape, naming the field', () => {
    const run = async () => null;
    const field = (options: object) => {
      try {
        new RedisSessionStorage({ name: 'fake', run, ...options });
      } catch (error) {
        return (error as InvalidArgumentError).field;
      }
      return undefined;
    };
    const runDurable = async () => ({ reply: null, replicas: 1 });
    expect(field({ durability: { replicas: 1, timeoutMs: 100 } })).toBe('durability');
    expect(field({ durability: { replicas: 0, timeoutMs: 100 }, runDurable })).toBe(
      'durability.replicas',
    );
    expect(field({ durability: { replicas: 1, timeoutMs: 1.5 }, runDurable })).toBe(
      'durability.timeoutMs',
    );
    expect(field({ durability: 'yes', runDurable })).toBe('durability');
    expect(field({ durability: { replicas: 2, timeoutMs: 50 }, runDurable })).toBeUndefined();
  });

  it('a revoking step acknowledged by fewer replicas than asked rejects with StorageError', async () => {
    const storage = new RedisSessionStorage({
      name: 'fake',
      run: async () => 'did:plc:unused',
      durability: { replicas: 2, timeoutMs: 10 },
      runDurable: async () => ({ reply: did, replicas: 1 }),
    });
    const ctx = { now, logger: fake().ctx.logger };
    await expect(storage.revoke(id, { ...ctx, ...op })).rejects.toBeInstanceOf(StorageError);
  });

  it.each([
    ['the undecodable marker', -1],
    ['garbage', 'not a record'],
  ])('reads %s as no session and logs an error with a fingerprint only', async (_label, reply) => {
    const f = fake(reply);
    expect(await f.storage.get(id, hash, { ...f.ctx, expiry })).toBeNull();
    expect(f.errors).toHaveLength(1);
    const line = JSON.stringify(f.errors);
    expect(line).toContain('fp_');
    expect(line).not.toContain(id);
    expect(line).not.toContain(member);
  });

  it('list skips and logs entries it cannot decode, and members reported undecodable', async () => {
    const good = record(id);
    const f = fake([
      [
        [member, encodeRecord(good, hash)],
        [sessionField(other), 'garbage'],
      ],
      [sessionField(generateSessionId(didBucket(did)))],
    ]);
    expect(await f.storage.list(did, { ...f.ctx, includeRevoked: false })).toEqual([good]);
    expect(f.errors).toHaveLength(2);
  });

  it('update sends only the fields of the patch', async () => {
    const f = fake(1);
    expect(await f.storage.update(id, { expiresAt: now + 5 }, { ...f.ctx, expiry })).toBe(true);
    expect(f.calls[0]?.args).toEqual([now, sessionField(id), 0, '', String(now + 5), '0', '']);
  });
});
