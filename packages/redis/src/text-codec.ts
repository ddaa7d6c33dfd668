import { PureCache } from './pure-cache.js';

/**
 * Phrases that make up most browser user agents, each stored as `%` and one letter. Part of
 * record format 1: the list may only grow (new letters), never change, or stored records
 * would read differently. The Lua scripts accept exactly these letters (`%[g-tv-x]`).
 */
export const UA_PHRASES: Readonly<Record<string, string>> = Object.freeze({
  g: 'Mozilla/5.0 (',
  h: ') AppleWebKit/537.36 (KHTML, like Gecko) Chrome/',
  i: ' Safari/537.36',
  j: 'Windows NT 10.0; Win64; x64',
  k: 'Macintosh; Intel Mac OS X 10_15_7',
  l: 'X11; Linux x86_64',
  m: 'Linux; Android 10; K',
  n: ' Mobile Safari/537.36',
  o: 'iPhone; CPU iPhone OS ',
  p: ' like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/',
  q: ' Mobile/15E148 Safari/604.1',
  r: ') Gecko/20100101 Firefox/',
  s: '; rv:',
  t: ' Edg/',
  v: ') AppleWebKit/605.1.15 (KHTML, like Gecko) Version/',
  w: ' Safari/605.1.15',
  x: '.0.0.0',
});

// Longest first in one alternation: where two phrases start at the same place the longer
// wins, and one pass replaces them all (a pass per phrase cost more than the rest of a create).
const CODES = new Map(Object.entries(UA_PHRASES).map(([letter, phrase]) => [phrase, `%${letter}`]));
const PHRASES = new RegExp(
  [...CODES.keys()]
    .sort((a, b) => b.length - a.length)
    .map((phrase) => phrase.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
  'g',
);
// Escaped: anything but printable ASCII, and of that '%' itself and the field separator '|'.
const SPECIAL = /[^\x20-\x24\x26-\x7b\x7d\x7e]/g;

/**
 * A text field of a stored record: printable ASCII without `|`, where `%XX` is an ASCII
 * character, `%uXXXX` a UTF-16 code unit (upper-case hex), and `%` plus a letter one of
 * {@link UA_PHRASES}.
 *
 * @example
 * ```ts
 * escapeText('Mozilla/5.0 (X11; Linux x86_64)'); // '%g%l)'
 * ```
 */
export function escapeText(text: string): string {
  const out = text.replace(SPECIAL, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x80 ? `%${hex(code, 2)}` : `%u${hex(code, 4)}`;
  });
  // Phrases hold no '%', so they never match across an escape.
  return out.replace(PHRASES, (phrase) => CODES.get(phrase) as string);
}

// What escapeText can make: printable ASCII but '%' and '|', and whole escapes. The escapes
// start with distinct characters ('u', upper-case hex, phrase letters), so the match is linear.
const LETTERS = Object.keys(UA_PHRASES).join('');
const ESCAPED = new RegExp(
  `^(?:[\\x20-\\x24\\x26-\\x7b\\x7d\\x7e]|%(?:u[0-9A-F]{4}|[0-9A-F]{2}|[${LETTERS}]))*$`,
);
const ESCAPES = new RegExp(`%(?:u([0-9A-F]{4})|([0-9A-F]{2})|([${LETTERS}]))`, 'g');
const PLAIN = /^[\x20-\x24\x26-\x7b\x7d\x7e]*$/;

// User agents repeat across sessions and across every read of one session.
const UNESCAPED = new PureCache<string>(256, 512);

/** The text {@link escapeText} made; `null` for anything it could not have made. */
export function unescapeText(text: string): string | null {
  if (!text.includes('%')) return PLAIN.test(text) ? text : null;
  const cached = UNESCAPED.get(text);
  if (cached !== undefined) return cached;
  if (!ESCAPED.test(text)) return null;
  return UNESCAPED.set(text, text.replace(ESCAPES, unescapeOne));
}

function unescapeOne(_: string, unit?: string, ascii?: string, letter?: string): string {
  const code = unit ?? ascii;
  return code === undefined
    ? (UA_PHRASES[letter as string] as string)
    : String.fromCharCode(Number.parseInt(code, 16));
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}
