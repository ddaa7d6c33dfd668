// docs/design.md, "Input limits", rows `jti` and `dates`; the rejected side never reaches the storage.
import { beforeEach, describe, expect, it } from 'vitest';
import { type Did, didBucket, generateSessionId, SessionManager } from '../src/index.js';
import { expectInvalid } from './support/expect-invalid.js';
import { RecordingStorage } from './support/recording-storage.js';

const NOW = 1_700_000_000_000;
const LATER = new Date(NOW + 3_600_000);
const DID: Did = 'did:plc:abc123';

let storage: RecordingStorage;
let manager: SessionManager;

beforeEach(() => {
  storage = new RecordingStorage();
  manager = new SessionManager({ storage, now: () => NOW });
});

describe('jti: non-empty string, at most 256 characters', () => {
  it('accepts 1 and 256 characters in revokeToken and isTokenRevoked', async () => {
    for (const jti of ['j', 'j'.repeat(256)]) {
      await manager.revokeToken(jti, LATER);
      await manager.isTokenRevoked(jti);
    }
    expect(storage.calls.map((call) => [call.method, call.args[0]])).toEqual([
      ['revokeToken', 'j'],
      ['isTokenRevoked', 'j'],
      ['revokeToken', 'j'.repeat(256)],
      ['isTokenRevoked', 'j'.repeat(256)],
    ]);
  });

  it('refuses empty, 257 characters and non-strings without a storage call', async () => {
    for (const jti of ['', 'j'.repeat(257), 42, null, undefined, ['jti']]) {
      await expectInvalid(() => manager.revokeToken(jti as string, LATER), 'jti');
      await expectInvalid(() => manager.isTokenRevoked(jti as string), 'jti');
    }
    expect(storage.calls).toEqual([]);
  });
});

describe('dates: valid Date objects', () => {
  const badDates: unknown[] = [
    new Date(Number.NaN),
    new Date('not a date'),
    NOW + 3_600_000,
    LATER.toISOString(),
    { getTime: () => NOW + 3_600_000 },
    null,
    undefined,
  ];

  it('revokeToken refuses a bad expiresAt without a storage call', async () => {
    for (const expiresAt of badDates) {
      await expectInvalid(() => manager.revokeToken('jti-1', expiresAt as Date), 'expiresAt');
    }
    expect(storage.calls).toEqual([]);
  });

  it('revokeToken passes a valid Date on as epoch milliseconds', async () => {
    await manager.revokeToken('jti-1', LATER);
    expect(storage.callsOf('revokeToken')[0]?.args.slice(0, 2)).toEqual(['jti-1', LATER.getTime()]);
  });

  it('revokeToken writes nothing for a token already expired (at or before now)', async () => {
    await manager.revokeToken('jti-1', new Date(NOW));
    await manager.revokeToken('jti-1', new Date(NOW - 1));
    expect(storage.calls).toEqual([]);
    await manager.revokeToken('jti-1', new Date(NOW + 1));
    expect(storage.callsOf('revokeToken')).toHaveLength(1);
  });

  describe('updateSession', () => {
    let id: string;
    beforeEach(() => {
      id = generateSessionId(didBucket(DID));
      storage.answers.update = () => true;
    });

    it('refuses bad lastActivity and expiresAt without a storage call', async () => {
      for (const date of badDates.filter((value) => value !== undefined)) {
        await expectInvalid(
          () => manager.updateSession(id, { lastActivity: date as Date }),
          'updates.lastActivity',
        );
        await expectInvalid(
          () => manager.updateSession(id, { expiresAt: date as Date }),
          'updates.expiresAt',
        );
      }
      expect(storage.calls).toEqual([]);
    });

    it('refuses updates that are not an object without a storage call', async () => {
      for (const updates of [null, undefined, 'expiresAt', [LATER]]) {
        await expectInvalid(() => manager.updateSession(id, updates as never), 'updates');
      }
      expect(storage.calls).toEqual([]);
    });

    it('passes valid Dates on as epoch milliseconds', async () => {
      const lastActivity = new Date(NOW);
      await manager.updateSession(id, { lastActivity, expiresAt: LATER });
      expect(storage.callsOf('update')[0]?.args.slice(0, 2)).toEqual([
        id,
        { lastActivity: NOW, expiresAt: LATER.getTime() },
      ]);
    });
  });
});
