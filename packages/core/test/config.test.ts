// docs/design.md, "Input limits", row `config`, and the defaults of SessionManagerConfig.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  type Did,
  didBucket,
  generateSessionId,
  InvalidArgumentError,
  SessionManager,
  type SessionManagerConfig,
} from '../src/index.js';
import type { SessionRecord } from '../src/storage.js';
import { expectInvalid } from './support/expect-invalid.js';
import { makeRecord, RecordingStorage, tokenFor } from './support/recording-storage.js';

const NOW = 1_700_000_000_000;
const DID: Did = 'did:plc:abc123';
const META = { ipAddress: '203.0.113.7', userAgent: 'Mozilla/5.0' };
const CENTURY = 100 * 365 * 86_400;

let storage: RecordingStorage;

beforeEach(() => {
  storage = new RecordingStorage();
});

function build(config?: unknown) {
  return new SessionManager({ storage, now: () => NOW, config: config as SessionManagerConfig });
}

describe('defaults', () => {
  it('fill every field', () => {
    expect(build().config).toEqual({
      sessionExpirationSeconds: 2_592_000,
      maxSessionsPerUser: 10,
      touchIntervalSeconds: 60,
      absoluteExpirationSeconds: 0,
      revokedRetentionSeconds: 86_400,
    });
    expect(build({}).config).toEqual(build().config);
    expect(DEFAULT_CONFIG).toEqual({
      sessionExpirationSeconds: 2_592_000,
      maxSessionsPerUser: 10,
      revokedRetentionSeconds: 86_400,
    });
  });

  it('touchIntervalSeconds defaults to min(60, half the expiration)', () => {
    const touch = (sessionExpirationSeconds: number) =>
      build({ sessionExpirationSeconds }).config.touchIntervalSeconds;
    expect(touch(1)).toBe(0);
    expect(touch(3)).toBe(1);
    expect(touch(100)).toBe(50);
    expect(touch(120)).toBe(60);
    expect(touch(121)).toBe(60);
    expect(touch(86_400)).toBe(60);
  });

  it('reach the storage calls as milliseconds', async () => {
    storage.answers.get = (id) => makeRecord(id, DID);
    const manager = build();
    const session = await manager.createSession(DID, META);
    const [record, , createOptions] = storage.argsOf('create') as [SessionRecord, string, object];
    expect(record.createdAt).toBe(NOW);
    expect(record.lastActivity).toBe(NOW);
    expect(record.expiresAt).toBe(NOW + 2_592_000_000);
    expect(session.expiresAt.getTime()).toBe(NOW + 2_592_000_000);
    expect(createOptions).toMatchObject({ now: NOW, maxSessions: 10, retentionMs: 86_400_000 });

    await manager.getSession(tokenFor(generateSessionId(didBucket(DID))));
    expect(storage.callsOf('get')[0]?.args[2]).toMatchObject({
      now: NOW,
      expiry: { idleMs: 2_592_000_000, absoluteMs: 0, touchIntervalMs: 60_000 },
    });
  });

  it('an absolute cap below the idle timeout caps expiresAt at creation', async () => {
    const manager = build({ sessionExpirationSeconds: 1000, absoluteExpirationSeconds: 100 });
    const session = await manager.createSession(DID, META);
    expect(session.expiresAt.getTime()).toBe(NOW + 100_000);
    await manager.getSession(session.token);
    expect(storage.callsOf('get')[0]?.args[2]).toMatchObject({
      expiry: { idleMs: 1_000_000, absoluteMs: 100_000 },
    });
  });
});

describe('rules: positive integers, checked at construction', () => {
  const fields = [
    'sessionExpirationSeconds',
    'maxSessionsPerUser',
    'absoluteExpirationSeconds',
  ] as const;
  const notPositiveIntegers: unknown[] = [
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '60',
    true,
  ];

  for (const field of fields) {
    it(`${field} must be a positive integer`, async () => {
      for (const value of notPositiveIntegers) {
        await expectInvalid(() => build({ [field]: value }), `config.${field}`);
      }
      expect(build({ [field]: 1 }).config[field]).toBe(1);
    });
  }

  it('seconds are capped at a century and sessions per user at 100000', async () => {
    for (const field of [
      'sessionExpirationSeconds',
      'absoluteExpirationSeconds',
      'revokedRetentionSeconds',
    ]) {
      expect(build({ [field]: CENTURY }).config).toMatchObject({ [field]: CENTURY });
      await expectInvalid(() => build({ [field]: CENTURY + 1 }), `config.${field}`);
    }
    expect(build({ maxSessionsPerUser: 100_000 }).config.maxSessionsPerUser).toBe(100_000);
    await expectInvalid(() => build({ maxSessionsPerUser: 100_001 }), 'config.maxSessionsPerUser');
  });

  it('touchIntervalSeconds may be 0 (refresh on every read)', async () => {
    const manager = build({ touchIntervalSeconds: 0 });
    expect(manager.config.touchIntervalSeconds).toBe(0);
    await manager.getSession(tokenFor(generateSessionId(didBucket(DID))));
    expect(storage.callsOf('get')[0]?.args[2]).toMatchObject({ expiry: { touchIntervalMs: 0 } });
  });

  it('touchIntervalSeconds must be a non-negative integer', async () => {
    for (const value of [-1, 0.5, Number.NaN, '0', null]) {
      await expectInvalid(
        () => build({ touchIntervalSeconds: value }),
        'config.touchIntervalSeconds',
      );
    }
  });

  it('revokedRetentionSeconds may be 0 (delete at once) and must be a non-negative integer', async () => {
    expect(build({ revokedRetentionSeconds: 0 }).config.revokedRetentionSeconds).toBe(0);
    for (const value of [-1, 0.5, Number.NaN, '0', null, Number.POSITIVE_INFINITY]) {
      await expectInvalid(
        () => build({ revokedRetentionSeconds: value as number }),
        'config.revokedRetentionSeconds',
      );
    }
  });

  it('touchIntervalSeconds must be below sessionExpirationSeconds', async () => {
    expect(
      build({ sessionExpirationSeconds: 600, touchIntervalSeconds: 599 }).config
        .touchIntervalSeconds,
    ).toBe(599);
    await expectInvalid(
      () => build({ sessionExpirationSeconds: 600, touchIntervalSeconds: 600 }),
      'config.touchIntervalSeconds',
    );
    await expectInvalid(
      () => build({ sessionExpirationSeconds: 600, touchIntervalSeconds: 601 }),
      'config.touchIntervalSeconds',
    );
    // Against the default expiration too.
    expect(build({ touchIntervalSeconds: 2_591_999 }).config.touchIntervalSeconds).toBe(2_591_999);
    await expectInvalid(
      () => build({ touchIntervalSeconds: 2_592_000 }),
      'config.touchIntervalSeconds',
    );
  });

  it('config must be an object', async () => {
    for (const config of [null, 'fast', 42]) {
      await expectInvalid(() => build(config), 'config');
    }
  });

  it('a bad config never reaches the storage', async () => {
    await expectInvalid(() => build({ maxSessionsPerUser: 0 }), 'config.maxSessionsPerUser');
    expect(storage.calls).toEqual([]);
  });

  it('a manager needs a storage', () => {
    expect(() => new SessionManager(undefined as never)).toThrow(InvalidArgumentError);
    expect(() => new SessionManager({} as never)).toThrow(/storage/);
  });
});
