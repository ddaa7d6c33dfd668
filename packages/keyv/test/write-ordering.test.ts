import { StorageError } from '@coatcheck/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimulatedCrash } from './support/crashing-keyv.js';
import { CONFIG, expectReadableAreListed, META, world } from './support/world.js';

// Keyv's own expiry runs on Date.now: fake only Date, so the store and the managers share a
// clock the tests can move, while promises and I/O run as usual.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const RETENTION_MS = CONFIG.revokedRetentionSeconds * 1000;

/** Runs `step` on a crashing adapter for every crash point; `check` sees the aftermath. */
async function everyCrashPoint(
  setup: (w: ReturnType<typeof world>) => Promise<void>,
  step: (w: ReturnType<typeof world>) => Promise<unknown>,
  check: (w: ReturnType<typeof world>, completed: boolean) => Promise<void>,
): Promise<number> {
  for (let limit = 0; ; limit++) {
    const w = world();
    await setup(w);
    w.crashing.limit = limit;
    let completed = true;
    try {
      await step(w);
    } catch (error) {
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).cause).toBeInstanceOf(SimulatedCrash);
      completed = false;
    }
    await check(w, completed);
    if (completed) return limit;
  }
}

describe('a crash between two writes', () => {
  it('of a create leaves no live session outside the index', async () => {
    const writes = await everyCrashPoint(
      async () => {},
      (w) => w.bad.createSession(w.did, META),
      async (w) => {
        await expectReadableAreListed(w.good, w.did, w.storedIds());
      },
    );
    // The index write, the record write, then nothing more: the re-read found the id.
    expect(writes).toBe(2);
  });

  it('of a create that evicts leaves evicted sessions unreadable and none unindexed', async () => {
    let before: string[] = [];
    const writes = await everyCrashPoint(
      async (w) => {
        before = [];
        for (let i = 0; i < CONFIG.maxSessionsPerUser; i++) {
          before.push((await w.good.createSession(w.did, META)).id);
          vi.advanceTimersByTime(1);
        }
      },
      (w) => w.bad.createSession(w.did, META),
      async (w) => {
        const marked = w.crashing.written.filter((key) => key.startsWith(`${w.prefix}r:`));
        for (const key of marked)
          expect(await w.good.read(key.slice(w.prefix.length + 2))).toBeNull();
        const readable = await expectReadableAreListed(w.good, w.did, [
          ...before,
          ...w.storedIds(),
        ]);
        expect(readable.length).toBeLessThanOrEqual(CONFIG.maxSessionsPerUser);
      },
    );
    // marker and revoked record of the oldest, index, new record
    expect(writes).toBe(4);
  });

  it('of a revoke never lets the session be read again, before or after the retention', async () => {
    let id = '';
    const writes = await everyCrashPoint(
      async (w) => {
        id = (await w.good.createSession(w.did, META)).id;
      },
      (w) => w.bad.revokeSession(id),
      async (w, completed) => {
        expect(w.crashing.written[0] ?? `${w.prefix}r:${id}`).toBe(`${w.prefix}r:${id}`);
        const marked = w.crashing.written.length > 0;
        await expectReadableAreListed(w.good, w.did, [id]);
        if (!marked && !completed) return;
        expect(await w.good.read(id)).toBeNull();
        vi.advanceTimersByTime(RETENTION_MS + 1);
        expect(await w.good.read(id)).toBeNull();
        vi.advanceTimersByTime(CONFIG.sessionExpirationSeconds * 1000);
        expect(await w.good.read(id)).toBeNull();
      },
    );
    // marker, revoked record, index
    expect(writes).toBe(3);
  });

  it('of a revokeAll leaves every marked session unreadable and none unindexed', async () => {
    const ids: string[] = [];
    const writes = await everyCrashPoint(
      async (w) => {
        ids.length = 0;
        for (let i = 0; i < 3; i++) ids.push((await w.good.createSession(w.did, META)).id);
      },
      (w) => w.bad.revokeAllSessions(w.did),
      async (w) => {
        const marked = w.crashing.written.filter((key) => key.startsWith(`${w.prefix}r:`));
        for (const key of marked)
          expect(await w.good.read(key.slice(w.prefix.length + 2))).toBeNull();
        await expectReadableAreListed(w.good, w.did, ids);
      },
    );
    expect(writes).toBe(7);
  });

  it('of a rotate leaves the old id revoked or both ids indexed', async () => {
    let id = '';
    const writes = await everyCrashPoint(
      async (w) => {
        id = (await w.good.createSession(w.did, META)).id;
      },
      (w) => w.bad.rotateSession(id),
      async (w) => {
        // the index first, then the new record, then the old one's marker
        expect(
          w.crashing.written.map((key) => key.slice(w.prefix.length, w.prefix.length + 2)),
        ).toEqual(['u:', 's:', 'r:', 's:', 'u:'].slice(0, w.crashing.written.length));
        await expectReadableAreListed(w.good, w.did, [id, ...w.storedIds()]);
      },
    );
    expect(writes).toBe(5);
  });
});

describe('a revoke from another process racing a write of the record', () => {
  it('wins over a sliding refresh: the session stays revoked', async () => {
    const w = world();
    const { id } = await w.good.createSession(w.did, META);
    vi.advanceTimersByTime(1000);
    let raced = false;
    w.crashing.beforeWrite = async (key) => {
      if (raced || key !== `${w.prefix}s:${id}`) return;
      raced = true;
      await w.good.revokeSession(id);
    };
    expect(await w.bad.read(id)).toBeNull();
    expect(raced).toBe(true);
    expect(await w.good.read(id)).toBeNull();
    const stored = (await w.inner.get(`${w.prefix}s:${id}`)) as { revokedAt?: number };
    expect(stored.revokedAt).toBeTypeOf('number');
    vi.advanceTimersByTime(RETENTION_MS + 1);
    expect(await w.inner.get(`${w.prefix}s:${id}`)).toBeUndefined();
    vi.advanceTimersByTime(CONFIG.sessionExpirationSeconds * 1000);
    expect(await w.good.read(id)).toBeNull();
  });

  it('wins over an update: the update resolves, the session stays revoked', async () => {
    const w = world();
    const { id } = await w.good.createSession(w.did, META);
    let raced = false;
    w.crashing.beforeWrite = async (key) => {
      if (raced || key !== `${w.prefix}s:${id}`) return;
      raced = true;
      await w.good.revokeSession(id);
    };
    // Past the original expiry, so the revocation marker alone would not cover it.
    const later = new Date(Date.now() + 3 * CONFIG.sessionExpirationSeconds * 1000);
    await w.bad.updateSession(id, { expiresAt: later });
    expect(raced).toBe(true);
    expect(await w.good.read(id)).toBeNull();
    await expect(w.good.updateSession(id, { scope: ['admin'] })).rejects.toThrow('revoked');
    vi.advanceTimersByTime(2 * CONFIG.sessionExpirationSeconds * 1000);
    expect(await w.good.read(id)).toBeNull();
  });
});

describe('index entries without a record', () => {
  it('are kept while a create may still be writing the record, then pruned', async () => {
    const w = world();
    w.crashing.limit = 1; // the index write lands, the record write does not
    await expect(w.bad.createSession(w.did, META)).rejects.toBeInstanceOf(StorageError);
    const indexKey = [...w.map.keys()].find((key) => key.startsWith(`${w.prefix}u:`))!;
    const entries = async () =>
      ((await w.inner.get(indexKey)) as { entries?: unknown[] } | undefined)?.entries;
    expect(await w.good.listSessions(w.did)).toEqual([]);
    expect(await entries()).toHaveLength(1);
    vi.advanceTimersByTime(60_000);
    expect(await w.good.listSessions(w.did)).toEqual([]);
    expect(await entries()).toBeUndefined();
  });
});
