import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCRIPTS } from '../src/index.js';
import { escapeText, UA_PHRASES, unescapeText } from '../src/text-codec.js';

const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
];

describe('escaped text fields', () => {
  it('round-trip any string, as printable ASCII without "|"', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const escaped = escapeText(text);
        expect(escaped).toMatch(/^[\x20-\x7b\x7d\x7e]*$/);
        expect(unescapeText(escaped)).toBe(text);
      }),
    );
  });

  it('round-trip text made of phrases, escapes and percent signs', () => {
    const pieces = [...Object.values(UA_PHRASES), '%', '%u', '%g', '|', 'é', '\u0000', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(unescapeText(escapeText(text))).toBe(text);
      }),
    );
  });

  it.each(UAS)('shrink common user agents to a fraction: %s', (ua) => {
    expect(escapeText(ua).length).toBeLessThan(ua.length / 2);
  });

  it('the Lua check accepts exactly the phrase letters of the dictionary', () => {
    const letters = Object.keys(UA_PHRASES).sort().join('');
    expect(letters).toBe('ghijklmnopqrstvwx');
    // rotate and update check the text fields before they copy or rewrite them.
    expect(SCRIPTS.rotate.script).toContain("'%%[g-tv-x]'");
    expect(SCRIPTS.update.script).toContain("'%%[g-tv-x]'");
  });

  it.each([
    ['a lone percent sign', '50%'],
    ['a short code unit', '%u12'],
    ['lower-case hex', '%e9'],
    ['an unknown phrase letter', '%y'],
    ['the phrase gap letter', '%u'],
    ['a field separator', 'a|b'],
    ['a control character', 'a\u0001b'],
    ['a non-ASCII character', 'caf\u00e9'],
    ['a non-ASCII character after an escape', '%g\u00e9'],
  ])('read %s as no text', (_, text) => {
    // Twice: a rejection is never remembered as a value.
    expect(unescapeText(text)).toBeNull();
    expect(unescapeText(text)).toBeNull();
  });

  it('read every text the same however often and in whatever order it comes', () => {
    // More distinct escaped texts than the decoder remembers, read in three passes.
    const texts = Array.from({ length: 600 }, (_, i) => `${UAS[i % UAS.length]} build/${i} é`);
    const escaped = texts.map(escapeText);
    for (let pass = 0; pass < 3; pass++) {
      for (let i = 0; i < texts.length; i++)
        expect(unescapeText(escaped[i] as string)).toBe(texts[i]);
    }
  });
});
