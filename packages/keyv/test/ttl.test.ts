import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { META, world } from './support/world.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

type Entry = { value: unknown; expires?: number };

describe('every entry expires on its own', () => {
  it('records, markers, the index and blacklist entries all carry a TTL', async () => {
    const w = world();
    const a = await w.good.createSession(w.did, META);
    vi.advanceTimersByTime(1);
    const b = await w.good.createSession(w.did, META);
    vi.advanceTimersByTime(1000);
    await w.good.createSession(w.did, META);
    await w.good.createSession(w.did, META); // evicts
    await w.good.read(b.id);
    await w.good.rotateSession(b.id);
    await w.good.revokeSession(a.id);
    await w.good.revokeToken('jti-1', new Date(Date.now() + 60_000));
    const entries = [...w.map.entries()].filter(([key]) => key.startsWith(w.prefix)) as [
      string,
      Entry,
    ][];
    const kinds = new Set(entries.map(([key]) => key.slice(w.prefix.length, w.prefix.length + 2)));
    expect(kinds).toEqual(new Set(['s:', 'r:', 'u:', 't:']));
    for (const [key, entry] of entries) {
      expect(entry.expires, key).toBeTypeOf('number');
      expect(entry.expires! - Date.now(), key).toBeGreaterThan(0);
    }
  });

  it('the index outlives every live member, however far sliding carries it', async () => {
    const w = world({ sessionExpirationSeconds: 100, touchIntervalSeconds: 0 });
    const { id } = await w.good.createSession(w.did, META);
    const indexKey = [...w.map.keys()].find((key) => key.startsWith(`${w.prefix}u:`))!;
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(90_000);
      expect(await w.good.read(id)).not.toBeNull();
      const index = w.map.get(indexKey) as Entry;
      const record = w.map.get(`${w.prefix}s:${id}`) as Entry;
      expect(index.expires!).toBeGreaterThanOrEqual(record.expires!);
    }
    expect((await w.good.listSessions(w.did)).map((s) => s.id)).toEqual([id]);
  });

  it('a revoked record is kept exactly the retention time', async () => {
    const w = world();
    const { id } = await w.good.createSession(w.did, META);
    await w.good.revokeSession(id);
    const record = w.map.get(`${w.prefix}s:${id}`) as Entry;
    expect(record.expires! - Date.now()).toBe(60_000);
  });
});
