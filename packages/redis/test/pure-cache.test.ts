import { describe, expect, it } from 'vitest';
import { PureCache } from '../src/pure-cache.js';

describe('PureCache', () => {
  it('remembers what it was given, and returns it from set', () => {
    const cache = new PureCache<number>(4, 10);
    expect(cache.set('a', 1)).toBe(1);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('b')).toBeUndefined();
  });

  it('holds at most its number of entries, emptying itself when full', () => {
    const cache = new PureCache<number>(3, 10);
    for (const [i, key] of ['a', 'b', 'c'].entries()) cache.set(key, i);
    expect(cache.get('c')).toBe(2);
    cache.set('d', 3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('d')).toBe(3);
  });

  it('does not keep keys longer than its key length', () => {
    const cache = new PureCache<string>(3, 4);
    expect(cache.set('12345', 'long')).toBe('long');
    expect(cache.get('12345')).toBeUndefined();
    cache.set('1234', 'short');
    expect(cache.get('1234')).toBe('short');
  });
});
