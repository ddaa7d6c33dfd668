// fingerprint(): what logs hold instead of a session id or token id.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, generateSessionId } from '../src/index.js';

const sessionIdArb = fc.integer({ min: 0, max: 0xffff }).map(generateSessionId);
const FORMAT = /^fp_[0-9a-f]{8}$/;

/** Every 8-character window of `text`. */
function pieces(text: string): string[] {
  return Array.from({ length: Math.max(0, text.length - 7) }, (_, at) => text.slice(at, at + 8));
}

describe('fingerprint', () => {
  it('never contains a session id or any 8-character piece of its secret part', () => {
    fc.assert(
      fc.property(sessionIdArb, (id) => {
        const fp = fingerprint(id);
        expect(fp).toMatch(FORMAT);
        expect(fp).not.toContain(id);
        // The bucket (first 4 hex digits) is not secret; the remaining groups are.
        const secret = id.slice(4).replaceAll('-', '');
        expect(pieces(secret).filter((piece) => fp.includes(piece))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('shares no 8-character piece with a token id (jti)', () => {
    const jtiArb = fc.oneof(
      fc.string({
        unit: fc.constantFrom(...'0123456789abcdef'.split('')),
        minLength: 8,
        maxLength: 64,
      }),
      fc.base64String({ minLength: 8, maxLength: 64 }),
      fc.uuid(),
    );
    fc.assert(
      fc.property(jtiArb, (jti) => {
        const fp = fingerprint(jti);
        expect(fp).toMatch(FORMAT);
        expect(pieces(jti).filter((piece) => fp.includes(piece))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('tells different session ids apart (no collision among 20000)', () => {
    const seen = new Set<string>();
    const ids = fc.sample(sessionIdArb, 20_000);
    for (const id of ids) seen.add(fingerprint(id));
    // 32-bit hashes: a collision among 20000 ids has probability below 5%; allow a few.
    expect(seen.size).toBeGreaterThan(ids.length - 5);
  });
});
