import {
  type Did,
  InvalidArgumentError,
  SessionManager,
  type SessionManagerConfig,
  SessionRevokedError,
} from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import { idsOf } from './assertions.js';
import { metadata, randomDid } from './fixtures.js';
import { useHarness } from './harness.js';
import type { ConformanceOptions } from './options.js';

// The public API is typed; these calls pass what untyped callers (JavaScript, JSON) might.
// biome-ignore lint/suspicious/noExplicitAny: deliberately ill-typed input
type Loose = any;

/** Asserts `run` rejects (or throws) an `InvalidArgumentError` whose `field` is `field`. */
async function expectInvalid(
  run: () => Promise<unknown>,
  field: string,
  label: string,
): Promise<void> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${label}: should be rejected`).toBeInstanceOf(InvalidArgumentError);
  expect((error as InvalidArgumentError).field, label).toBe(field);
}

const BAD_DIDS: readonly unknown[] = [
  'alice',
  'did:plc:',
  'DID:plc:abc',
  'did:PLC:abc',
  'did:plc:abc:',
  'did:plc:a b',
  `did:plc:${'a'.repeat(2041)}`,
  42,
  null,
  undefined,
];
const NON_STRINGS: readonly unknown[] = [42, null, undefined, {}, ['x']];

/** Malformed ids for a session id of `real`. */
function malformedIds(real: string): string[] {
  return [
    '',
    'abc',
    real.toUpperCase(),
    `${real} `,
    `${real}0`,
    real.slice(0, -1),
    `${real.slice(0, 14)}1${real.slice(15)}`, // version 1, not 4
    '*',
    '../../etc',
  ].filter((id) => id !== real);
}

/**
 * Registers the input-limit checks of the contract (the "Input limits" of
 * {@link https://github.com/coatcheck/coatcheck/blob/main/docs/design.md#input-limits | the design document}):
 * every bad input is refused with `InvalidArgumentError` naming the field (or read as absent,
 * for a malformed session id)
 * before any storage call, which a counting wrapper proves; inputs at the limits reach storage
 * and round-trip.
 */
export function describeBadInput(options: ConformanceOptions): void {
  describe('bad input', () => {
    const h = useHarness(options);

    it('a bad DID is refused with field "did" by every method that takes one', async () => {
      const manager = h().manager() as Loose;
      const keep = '6b1f0c1a-2a7e-4c3b-9d2e-0f1e2d3c4b5a';
      for (const did of BAD_DIDS) {
        const label = `did ${JSON.stringify(did)?.slice(0, 30)}`;
        await expectInvalid(() => manager.createSession(did, metadata()), 'did', label);
        await expectInvalid(() => manager.listSessions(did), 'did', label);
        await expectInvalid(() => manager.revokeAllSessions(did), 'did', label);
        await expectInvalid(() => manager.revokeOtherSessions(did, keep), 'did', label);
      }
      expect(h().storage.total()).toBe(0);
    });

    it('a session id that is not a string is refused, naming the field', async () => {
      const manager = h().manager() as Loose;
      for (const id of NON_STRINGS) {
        const label = `sessionId ${String(id)}`;
        await expectInvalid(() => manager.getSession(id), 'token', label);
        await expectInvalid(() => manager.revokeSession(id), 'sessionId', label);
        await expectInvalid(() => manager.updateSession(id, {}), 'sessionId', label);
        await expectInvalid(() => manager.rotateSession(id), 'sessionId', label);
        await expectInvalid(() => manager.revokeOtherSessions(h().did, id), 'keepSessionId', label);
      }
      expect(h().storage.total()).toBe(0);
    });

    it('a malformed session id reads as absent without any storage call', async () => {
      const manager = h().manager();
      const real = (await manager.createSession(h().did, metadata())).id;
      const before = h().storage.total();
      for (const [i, id] of malformedIds(real).entries()) {
        expect(await manager.getSession(id), `malformed id #${i}`).toBeNull();
        await expect(manager.revokeSession(id)).resolves.toBeUndefined();
        await expect(manager.updateSession(id, { scope: [] })).rejects.toBeInstanceOf(
          SessionRevokedError,
        );
        await expect(manager.rotateSession(id)).rejects.toBeInstanceOf(SessionRevokedError);
        await expect(manager.revokeOtherSessions(h().did, id)).rejects.toBeInstanceOf(
          SessionRevokedError,
        );
      }
      expect(h().storage.total()).toBe(before);
      expect(h().revoked).toEqual([]);
      expect(idsOf(await manager.listSessions(h().did))).toEqual([real]);
    });

    it('bad metadata is refused, naming the field', async () => {
      const manager = h().manager() as Loose;
      const cases: [unknown, string][] = [
        [null, 'metadata'],
        ['ua', 'metadata'],
        [{ userAgent: 'ua' }, 'metadata.ipAddress'],
        [metadata({ ipAddress: '1'.repeat(65) }), 'metadata.ipAddress'],
        [{ ...metadata(), ipAddress: 42 }, 'metadata.ipAddress'],
        [{ ...metadata(), userAgent: undefined }, 'metadata.userAgent'],
        [{ ...metadata(), userAgent: 7 }, 'metadata.userAgent'],
        [metadata({ deviceId: 'd'.repeat(257) }), 'metadata.deviceId'],
        [{ ...metadata(), deviceId: 42 }, 'metadata.deviceId'],
        [{ ...metadata(), scope: 'read' }, 'metadata.scope'],
        [metadata({ scope: Array.from({ length: 65 }, (_, i) => `s${i}`) }), 'metadata.scope'],
        [metadata({ scope: ['s'.repeat(257)] }), 'metadata.scope[0]'],
        [{ ...metadata(), scope: ['ok', 3] }, 'metadata.scope[1]'],
      ];
      for (const [meta, field] of cases) {
        await expectInvalid(
          () => manager.createSession(h().did, meta),
          field,
          JSON.stringify(meta)?.slice(0, 60) ?? '',
        );
      }
      expect(h().storage.total()).toBe(0);
    });

    it('a bad jti or expiry date is refused, naming the field', async () => {
      const manager = h().manager() as Loose;
      const until = new Date(h().clock.now() + 60_000);
      for (const jti of ['', 'j'.repeat(257), ...NON_STRINGS]) {
        const label = `jti ${String(jti).slice(0, 20)}`;
        await expectInvalid(() => manager.revokeToken(jti, until), 'jti', label);
        await expectInvalid(() => manager.isTokenRevoked(jti), 'jti', label);
      }
      for (const date of [new Date(Number.NaN), '2030-01-01T00:00:00Z', until.getTime(), null]) {
        await expectInvalid(
          () => manager.revokeToken('jti', date),
          'expiresAt',
          `expiresAt ${String(date)}`,
        );
      }
      expect(h().storage.total()).toBe(0);
    });

    it('a bad update is refused, naming the field, before any storage call', async () => {
      const manager = h().manager() as Loose;
      const id = (await manager.createSession(h().did, metadata())).id;
      const before = h().storage.total();
      const cases: [unknown, string][] = [
        [null, 'updates'],
        [{ expiresAt: new Date(Number.NaN) }, 'updates.expiresAt'],
        [{ expiresAt: '2030-01-01' }, 'updates.expiresAt'],
        [{ lastActivity: Date.now() }, 'updates.lastActivity'],
        [{ scope: Array.from({ length: 65 }, () => 's') }, 'updates.scope'],
        [{ scope: ['x'.repeat(257)] }, 'updates.scope[0]'],
      ];
      for (const [updates, field] of cases) {
        await expectInvalid(() => manager.updateSession(id, updates), field, field);
      }
      expect(h().storage.total()).toBe(before);
    });

    it('a bad config is refused at construction, naming the field', () => {
      const cases: [SessionManagerConfig, string][] = [
        [{ sessionExpirationSeconds: 0 }, 'config.sessionExpirationSeconds'],
        [{ sessionExpirationSeconds: 1.5 }, 'config.sessionExpirationSeconds'],
        [{ maxSessionsPerUser: 0 }, 'config.maxSessionsPerUser'],
        [{ maxSessionsPerUser: '10' as Loose }, 'config.maxSessionsPerUser'],
        [{ touchIntervalSeconds: -1 }, 'config.touchIntervalSeconds'],
        [{ sessionExpirationSeconds: 60, touchIntervalSeconds: 60 }, 'config.touchIntervalSeconds'],
        [{ absoluteExpirationSeconds: 0 }, 'config.absoluteExpirationSeconds'],
        [{ revokedRetentionSeconds: -5 }, 'config.revokedRetentionSeconds'],
      ];
      for (const [config, field] of cases) {
        let error: unknown;
        try {
          new SessionManager({ storage: h().storage, config });
        } catch (e) {
          error = e;
        }
        expect(error, field).toBeInstanceOf(InvalidArgumentError);
        expect((error as InvalidArgumentError).field).toBe(field);
      }
      expect(() =>
        h().manager({ sessionExpirationSeconds: 60, touchIntervalSeconds: 0 }),
      ).not.toThrow();
      expect(h().storage.total()).toBe(0);
    });

    it('a user agent over 1024 characters is cut to 1024 and stored', async () => {
      const manager = h().manager();
      const userAgent = `${'Mozilla/5.0 '.repeat(90)}`.slice(0, 1030);
      const session = await manager.createSession(h().did, metadata({ userAgent }));
      expect(session.userAgent).toBe(userAgent.slice(0, 1024));
      expect((await manager.getSession(session.token))?.userAgent).toBe(userAgent.slice(0, 1024));
    });

    it('DIDs at the length limit and with every allowed character reach storage and round-trip', async () => {
      const manager = h().manager();
      const dids: Did[] = [
        `did:web:${'a'.repeat(2040)}`,
        `did:web:localhost%3A8080:user-${randomDid().slice(8)}`,
        `did:example:A.b_c-d:${randomDid().slice(8)}`,
      ];
      for (const did of dids) {
        expect(did.length).toBeLessThanOrEqual(2048);
        const session = await manager.createSession(did, metadata());
        expect(idsOf(await manager.listSessions(did))).toEqual([session.id]);
        expect((await manager.getSession(session.token))?.did).toBe(did);
        await manager.revokeAllSessions(did);
        expect(await manager.listSessions(did)).toEqual([]);
      }
    });
  });
}
