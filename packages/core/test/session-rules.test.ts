// The session rules every adapter shares: expiry cap, slide, eviction order.
import { describe, expect, it } from 'vitest';
import { capExpiry, evictionVictims, isSlideDue, isUnexpired, slidExpiry } from '../src/index.js';

const expiry = { idleMs: 1000, absoluteMs: 5000, touchIntervalMs: 100 };
const session = { createdAt: 0, lastActivity: 0, expiresAt: 1000 };

describe('session rules', () => {
  it('cap the expiry at createdAt + absoluteMs, and not at all without a cap', () => {
    expect(capExpiry(0, 9000, expiry)).toBe(5000);
    expect(capExpiry(0, 4000, expiry)).toBe(4000);
    expect(capExpiry(0, 9000, { ...expiry, absoluteMs: 0 })).toBe(9000);
  });

  it('slide on a read at or after the touch interval, to now + idle under the cap', () => {
    expect(isSlideDue(session, 99, expiry)).toBe(false);
    expect(isSlideDue(session, 100, expiry)).toBe(true);
    expect(isSlideDue(session, 0, { ...expiry, touchIntervalMs: 0 })).toBe(true);
    expect(slidExpiry(session, 300, expiry)).toBe(1300);
    expect(slidExpiry(session, 4500, expiry)).toBe(5000);
  });

  it('a session dies at its expiresAt', () => {
    expect(isUnexpired(session, 999)).toBe(true);
    expect(isUnexpired(session, 1000)).toBe(false);
  });

  it('evict the oldest beyond the limit, ties by the smaller id, never the new session', () => {
    const live = [
      { id: 'c', createdAt: 2 },
      { id: 'b', createdAt: 1 },
      { id: 'a', createdAt: 1 },
      { id: 'new', createdAt: 1 },
    ];
    expect(evictionVictims(live, 'new', 2).map((s) => s.id)).toEqual(['a', 'b']);
    expect(evictionVictims(live, 'new', 4)).toEqual([]);
    expect(evictionVictims(live, 'new', 1).map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });
});
