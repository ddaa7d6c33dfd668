import { describe, expect, it } from 'vitest';
import { normalizeReply } from '../src/replies.js';

describe('normalizeReply', () => {
  it('keeps RESP2-shaped replies as they are', () => {
    for (const reply of ['text', '', 0, 42, -1, null]) expect(normalizeReply(reply)).toBe(reply);
    expect(
      normalizeReply([
        ['a', 'b'],
        [1, null],
      ]),
    ).toEqual([
      ['a', 'b'],
      [1, null],
    ]);
  });

  it('turns the RESP3 and typeMapping shapes into the RESP2 ones', () => {
    expect(normalizeReply(Buffer.from('réad 🚀'))).toBe('réad 🚀');
    expect(normalizeReply(new TextEncoder().encode('x'))).toBe('x');
    expect(normalizeReply(true)).toBe(1);
    expect(normalizeReply(false)).toBeNull();
    expect(normalizeReply(undefined)).toBeNull();
    expect(normalizeReply(12n)).toBe(12);
    expect(normalizeReply([Buffer.from('id'), [false, Buffer.from('r')]])).toEqual([
      'id',
      [null, 'r'],
    ]);
  });
});
