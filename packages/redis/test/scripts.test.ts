import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SCRIPTS } from '../src/index.js';

const entries = Object.entries(SCRIPTS);

describe('script registry', () => {
  it.each(entries)('%s: the SHA1 literal is the SHA1 of the script', (_name, script) => {
    expect(script.sha1).toBe(createHash('sha1').update(script.script).digest('hex'));
  });

  it.each(entries)('%s: registered under its own name', (name, script) => {
    expect(script.name).toBe(name);
  });

  it.each(entries)(
    '%s: numberOfKeys matches the highest KEYS[] the script reads',
    (_name, script) => {
      const used = [...script.script.matchAll(/KEYS\[(\d+)\]/g)].map((m) => Number(m[1]));
      expect(Math.max(...used)).toBe(script.numberOfKeys);
    },
  );

  it.each(entries)('%s: never renames or reads a clock of its own', (_name, script) => {
    expect(script.script).not.toMatch(/RENAME|'TIME'|"TIME"/i);
  });

  it.each(entries)(
    '%s: every Redis call is to a key from KEYS[] or derived inside the slot',
    (_name, script) => {
      // Keys come from KEYS[] or from helpers that build them on a KEYS[] slot tag; a literal
      // key string in a call would be a key outside the user's slot.
      const calls = [...script.script.matchAll(/redis\.p?call\('(\w+)',\s*([^,)]+)/g)];
      for (const [, , firstArg] of calls) expect(firstArg).not.toMatch(/^['"]/);
    },
  );

  it('one script per storage operation', () => {
    expect(Object.keys(SCRIPTS).sort()).toEqual(
      [
        'create',
        'get',
        'isTokenRevoked',
        'list',
        'revoke',
        'revokeAll',
        'revokeOthers',
        'revokeToken',
        'rotate',
        'update',
      ].sort(),
    );
    expect(new Set(Object.values(SCRIPTS).map((s) => s.sha1)).size).toBe(entries.length);
  });

  it('the registry is frozen', () => {
    expect(Object.isFrozen(SCRIPTS)).toBe(true);
    expect(Object.isFrozen(SCRIPTS.get)).toBe(true);
  });
});
