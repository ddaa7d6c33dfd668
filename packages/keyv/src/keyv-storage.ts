import {
  type CreateOptions,
  capExpiry,
  constantTimeEqual,
  type Did,
  type ListOptions,
  type OperationContext,
  type RevokeOneOptions,
  type RevokeOptions,
  type RotateOptions,
  type SessionPatch,
  type SessionRecord,
  type SessionStorage,
  type StorageCapabilities,
  type TouchOptions,
  type TouchResult,
} from '@coatcheck/core';
import { Backend, isLive } from './backend.js';
import { encodeRecord, type StoredRecord, toSessionRecord } from './codec.js';
import { KeyLayout } from './keys.js';
import { KeyvClient, type KeyvLike } from './keyv-client.js';
import { Tokens } from './tokens.js';
import { locksFor } from './user-locks.js';
import { revokedChange, UserSessions } from './user-sessions.js';

/** Options of {@link KeyvStorage}. */
export interface KeyvStorageOptions {
  /**
   * Put before every key the adapter writes, after Keyv's own namespace. Give each
   * application sharing one Keyv store its own prefix.
   * @defaultValue `'coatcheck:'`
   */
  readonly keyPrefix?: string;
}

/**
 * coatcheck sessions on any Keyv store (`@keyv/redis`, `@keyv/sqlite`, `@keyv/postgres`,
 * Keyv's in-memory default, ...), Keyv 5 or 6.
 *
 * Keyv has get, set and delete with a TTL and nothing atomic, so this adapter is **best
 * effort**: `capabilities.atomic` is `false`. Run one operation at a time and it behaves
 * exactly like the atomic adapters. Under concurrency its writes are ordered so that a race or
 * a crash leaves at worst a stale index entry (dropped on a later read), and a revoked session
 * never reads as live again; what races can still do is bounded and listed in the README
 * (concurrent creates for one user can exceed `maxSessionsPerUser` until that user's next
 * create). Each operation takes several round trips (see the README's table).
 *
 * Every value is a Keyv entry with a TTL that covers what it holds; times in the values come
 * from the manager's clock. A Keyv failure rejects with `StorageError` naming `keyv`, even when
 * the Keyv instance has its own `error` listener.
 *
 * @example
 * ```ts
 * import Keyv from 'keyv';
 * import KeyvRedis from '@keyv/redis';
 * import { SessionManager } from '@coatcheck/core';
 * import { KeyvStorage } from '@coatcheck/keyv';
 *
 * const keyv = new Keyv({ store: new KeyvRedis('redis://127.0.0.1:6379'), namespace: 'app' });
 * const sessions = new SessionManager({ storage: new KeyvStorage(keyv) });
 * ```
 */
export class KeyvStorage implements SessionStorage {
  /** `'keyv'`, the adapter name in `StorageError` messages. */
  readonly name = 'keyv';
  /** Not atomic: see the class description. */
  readonly capabilities: StorageCapabilities = Object.freeze({ atomic: false });
  readonly #backend: Backend;
  readonly #users: UserSessions;
  readonly #tokens: Tokens;

  /**
   * @param keyv - a Keyv instance (5.5 or later, or 6); its namespace, serializer and store are
   * used as they are.
   * @param options - the key prefix.
   * @throws TypeError when `keyv` is not a Keyv instance or `keyPrefix` not a string.
   */
  constructor(keyv: KeyvLike, options: KeyvStorageOptions = {}) {
    if (typeof keyv !== 'object' || keyv === null || typeof keyv.getRaw !== 'function') {
      throw new TypeError('KeyvStorage needs a Keyv instance (keyv 5.5 or later)');
    }
    const prefix = options.keyPrefix ?? 'coatcheck:';
    if (typeof prefix !== 'string') throw new TypeError('keyPrefix must be a string');
    this.#backend = new Backend(new KeyvClient(keyv), new KeyLayout(prefix), locksFor(keyv));
    this.#users = new UserSessions(this.#backend);
    this.#tokens = new Tokens(this.#backend);
  }

  /** See {@link SessionStorage.create}; the index is written before the record. */
  create(
    record: SessionRecord,
    secretHash: string,
    options: CreateOptions,
  ): Promise<{ readonly evicted: readonly string[] }> {
    return this.#backend.client.run('create', () =>
      this.#users.create({ ...record, secretHash }, options),
    );
  }

  /**
   * See {@link SessionStorage.get}: one round trip, three when the session slides. The secret
   * hash is compared (in constant time) before anything is written.
   */
  get(id: string, secretHash: string, options: TouchOptions): Promise<TouchResult | null> {
    return this.#backend.client.run('get', async () => {
      const state = await this.#read(id, options);
      if (!state || !constantTimeEqual(state.secretHash, secretHash)) return null;
      if (options.now - state.lastActivity < options.expiry.touchIntervalMs)
        return { record: toSessionRecord(state), fresh: false };
      const next: StoredRecord = {
        ...state,
        lastActivity: options.now,
        expiresAt: capExpiry(state.createdAt, options.now + options.expiry.idleMs, options.expiry),
      };
      return (await this.#rewrite(next, options))
        ? { record: toSessionRecord(next), fresh: true }
        : null;
    });
  }

  /** See {@link SessionStorage.update}: a revoke that races it is never undone. */
  update(id: string, patch: SessionPatch, options: TouchOptions): Promise<boolean> {
    return this.#backend.client.run('update', async () => {
      const state = await this.#read(id, options);
      if (!state) return false;
      const next: StoredRecord = {
        ...state,
        ...(patch.lastActivity === undefined ? {} : { lastActivity: patch.lastActivity }),
        ...(patch.scope === undefined ? {} : { scope: [...patch.scope] }),
        ...(patch.expiresAt === undefined
          ? {}
          : { expiresAt: capExpiry(state.createdAt, patch.expiresAt, options.expiry) }),
      };
      await this.#rewrite(next, options);
      return true;
    });
  }

  /** See {@link SessionStorage.revoke}: marker and revoked record first, then the index. */
  revoke(id: string, options: RevokeOneOptions): Promise<{ readonly did: Did } | null> {
    return this.#backend.client.run('revoke', async () => {
      const first = await this.#read(id, options);
      if (!first || (options.did !== undefined && first.did !== options.did)) return null;
      return this.#backend.withUser(first.did, async () => {
        // Read again in turn, so two revokes of one id in this process report it once.
        const stored = await this.#read(id, options);
        if (!stored) return null;
        await this.#backend.revoke([stored], options.now, options.retentionMs);
        await this.#backend.editIndex(stored.did, revokedChange([id], options), options);
        return { did: stored.did };
      });
    });
  }

  /** See {@link SessionStorage.revokeAll}. */
  revokeAll(did: Did, options: RevokeOptions): Promise<readonly string[]> {
    return this.#backend.client.run(
      'revokeAll',
      async () => (await this.#users.revokeAll(did, null, options)) ?? [],
    );
  }

  /** See {@link SessionStorage.revokeOthers}. */
  revokeOthers(
    did: Did,
    keepId: string,
    options: RevokeOptions,
  ): Promise<readonly string[] | null> {
    return this.#backend.client.run('revokeOthers', () =>
      this.#users.revokeAll(did, keepId, options),
    );
  }

  /** See {@link SessionStorage.rotate}: the new id is indexed and written before the old is revoked. */
  rotate(
    id: string,
    newId: string,
    newSecretHash: string,
    options: RotateOptions,
  ): Promise<SessionRecord | null> {
    return this.#backend.client.run('rotate', () =>
      this.#users.rotate(id, newId, newSecretHash, options),
    );
  }

  /** See {@link SessionStorage.list}. */
  list(did: Did, options: ListOptions): Promise<readonly SessionRecord[]> {
    return this.#backend.client.run('list', () => this.#users.list(did, options));
  }

  /** See {@link SessionStorage.revokeToken}: one read and one write, with a TTL up to `expiresAt`. */
  revokeToken(jti: string, expiresAt: number, options: OperationContext): Promise<void> {
    return this.#backend.client.run('revokeToken', () =>
      this.#tokens.revoke(jti, expiresAt, options),
    );
  }

  /** See {@link SessionStorage.isTokenRevoked}: one read. */
  isTokenRevoked(jti: string, options: OperationContext): Promise<boolean> {
    return this.#backend.client.run('isTokenRevoked', () => this.#tokens.isRevoked(jti, options));
  }

  /** The live record of `id`, in one round trip (record and marker together). */
  async #read(id: string, ctx: OperationContext): Promise<StoredRecord | null> {
    const [state] = await this.#backend.readStates([id], ctx.logger);
    return state && isLive(state, ctx.now) ? state.stored : null;
  }

  /**
   * Writes a changed live record, then reads its marker and index in one round trip: a revoke
   * that landed in between wins (its revoked copy is put back), and the index is extended or
   * repaired when it no longer covers the record. Resolves `false` when a revoke won.
   */
  #rewrite(next: StoredRecord, options: TouchOptions): Promise<boolean> {
    return this.#backend.withUser(next.did, () => this.#rewriteLocked(next, options));
  }

  async #rewriteLocked(next: StoredRecord, options: TouchOptions): Promise<boolean> {
    const { client, keys } = this.#backend;
    if (next.expiresAt <= options.now) {
      // Keyv reads a TTL of 0 as "never expires": an expired record is deleted instead.
      await client.deleteMany([keys.record(next.id)]);
      return true;
    }
    await client.setMany([
      { key: keys.record(next.id), value: encodeRecord(next), ttl: next.expiresAt - options.now },
    ]);
    const [markerRaw, indexRaw] = await client.getMany([
      keys.marker(next.id),
      await keys.index(next.did),
    ]);
    if (markerRaw !== undefined) {
      await this.#backend.restoreRevoked(next, markerRaw, options.now);
      return false;
    }
    const index = this.#backend.toIndex(next.did, indexRaw, options.logger);
    if (!index?.entries.has(next.id) || index.exp < next.expiresAt) {
      const liveUntil = next.expiresAt + options.expiry.idleMs;
      await this.#backend.editIndex(next.did, { add: [next.id], liveUntil }, options, {
        raw: indexRaw,
      });
    }
    return true;
  }
}
