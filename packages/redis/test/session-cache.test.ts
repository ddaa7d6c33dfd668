import { InvalidArgumentError, type SessionRecord, type TouchOptions } from '@coatcheck/core';
import { describe, expect, it } from 'vitest';
import { checkCacheOptions, SessionCache } from '../src/index.js';

const NOW = 1_800_000_000_000;
/** A distinct 22-character secret hash for each session, as real ones are. */
const hashOf = (id: string) => `${id}:`.padEnd(22, 'h');
const options = (now = NOW, touchIntervalMs = 60_000): TouchOptions => ({
  now,
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  expiry: { idleMs: 3_600_000, absoluteMs: 0, touchIntervalMs },
});

function result(id: string, overrides: Partial<SessionRecord> = {}) {
  const record: SessionRecord = {
    id,
    did: 'did:plc:test',
    createdAt: NOW,
    expiresAt: NOW + 3_600_000,
    lastActivity: NOW,
    ipAddress: '127.0.0.1',
    userAgent: 'test',
    scope: [],
    ...overrides,
  };
  return { record, fresh: false };
}

function upCache(maxEntries = 100, maxStalenessMs = 30_000) {
  const cache = new SessionCache(checkCacheOptions({ maxEntries, maxStalenessMs }));
  cache.up();
  return cache;
}

/** Fills `id` under `key` through a ticket, as a read would. */
function fill(cache: SessionCache, id: string, key = `k:${id}`, now = NOW) {
  const ticket = cache.begin(key);
  if (ticket === undefined) throw new Error('tracking is down');
  cache.end(ticket, id, hashOf(id), result(id), now);
}

describe('checkCacheOptions', () => {
  it('applies the documented defaults', () => {
    expect(checkCacheOptions({})).toEqual({ maxEntries: 10_000, maxStalenessMs: 30_000 });
  });

  it.each([
    [null, 'cache'],
    [[], 'cache'],
    [{ maxEntries: 0 }, 'cache.maxEntries'],
    [{ maxEntries: 1.5 }, 'cache.maxEntries'],
    [{ maxEntries: '10' }, 'cache.maxEntries'],
    [{ maxEntries: 10_000_001 }, 'cache.maxEntries'],
    [{ maxStalenessMs: 0 }, 'cache.maxStalenessMs'],
    [{ maxStalenessMs: 3_600_001 }, 'cache.maxStalenessMs'],
    [{ maxAge: 1 }, 'cache.maxAge'],
  ])('refuses %j naming %s', (value, field) => {
    const error = (() => {
      try {
        checkCacheOptions(value);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).field).toBe(field);
  });
});

describe('SessionCache', () => {
  it('serves a filled entry as it was read, and only with the same secret hash', () => {
    const cache = upCache();
    fill(cache, 'a');
    expect(cache.hit('a', hashOf('a'), options())?.record.id).toBe('a');
    expect(cache.hit('a', `${hashOf('a').slice(0, -1)}x`, options())).toBeUndefined();
    expect(cache.hit('a', hashOf('a').slice(0, -1), options())).toBeUndefined();
    // Another session's id with a's secret is no hit either (Redis answers it: null).
    fill(cache, 'b');
    expect(cache.hit('b', hashOf('a'), options())).toBeUndefined();
    expect(cache.hit('a', hashOf('b'), options())).toBeUndefined();
    expect(cache.hits).toBe(1);
  });

  it('fills nothing from a read that slid or found nothing', () => {
    const cache = upCache();
    const ticket = cache.begin('k')!;
    cache.end(ticket, 'a', hashOf('a'), { ...result('a'), fresh: true }, NOW);
    cache.end(cache.begin('k')!, 'b', hashOf('b'), null, NOW);
    expect(cache.size).toBe(0);
  });

  it('does not serve a due slide, a dead record or an entry past maxStalenessMs', () => {
    const cache = upCache(100, 1000);
    fill(cache, 'a');
    expect(cache.hit('a', hashOf('a'), options(NOW + 999, 1000))).toBeDefined();
    expect(cache.hit('a', hashOf('a'), options(NOW + 1000, 60_000))).toBeUndefined();
    fill(cache, 'b');
    expect(cache.hit('b', hashOf('b'), options(NOW + 10, 10))).toBeUndefined();
    const ticket = cache.begin('k:c')!;
    cache.end(ticket, 'c', hashOf('c'), result('c', { expiresAt: NOW + 5 }), NOW);
    expect(cache.hit('c', hashOf('c'), options(NOW + 5))).toBeUndefined();
  });

  it('drops a fill whose key was invalidated while its read was in flight', () => {
    const cache = upCache();
    const ticket = cache.begin('k')!;
    cache.invalidateKey('k');
    cache.end(ticket, 'a', hashOf('a'), result('a'), NOW);
    expect(cache.size).toBe(0);
    // An invalidation before the ticket was taken does not count against it.
    cache.invalidateKey('k');
    fill(cache, 'a', 'k');
    expect(cache.size).toBe(1);
  });

  it('drops a fill begun before tracking went down, and takes no ticket while down', () => {
    const cache = upCache();
    const ticket = cache.begin('k')!;
    cache.down();
    expect(cache.begin('k')).toBeUndefined();
    cache.up();
    cache.end(ticket, 'a', hashOf('a'), result('a'), NOW);
    expect(cache.size).toBe(0);
  });

  it('drops every entry of an invalidated key, and all of them on null', () => {
    const cache = upCache();
    fill(cache, 'a', 'k1');
    fill(cache, 'b', 'k1');
    fill(cache, 'c', 'k2');
    cache.invalidate(['k1']);
    expect(cache.size).toBe(1);
    cache.invalidate(null);
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry at maxEntries', () => {
    const cache = upCache(2);
    fill(cache, 'a');
    fill(cache, 'b');
    cache.hit('a', hashOf('a'), options());
    fill(cache, 'c');
    expect(cache.hit('b', hashOf('b'), options())).toBeUndefined();
    expect(cache.hit('a', hashOf('a'), options())).toBeDefined();
    expect(cache.hit('c', hashOf('c'), options())).toBeDefined();
    // Filling b again evicts a (c was used after it); a's key then names nothing left.
    fill(cache, 'b');
    expect(cache.hit('a', hashOf('a'), options())).toBeUndefined();
    cache.invalidateKey('k:a');
    expect(cache.size).toBe(2);
  });
});
