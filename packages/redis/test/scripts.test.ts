import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SCRIPTS, UPSTASH_SCRIPTS } from '../src/index.js';

const entries = [...Object.values(SCRIPTS), ...Object.values(UPSTASH_SCRIPTS)].map(
  (script) => [`${script.variant} ${script.name}`, script] as const,
);

describe('script registry', () => {
  it.each(entries)('%s: the SHA1 literal is the SHA1 of the script', (_name, script) => {
    expect(script.sha1).toBe(createHash('sha1').update(script.script).digest('hex'));
  });

  it.each(entries)('%s: registered under its own name', (label, script) => {
    expect(label).toBe(`${script.variant} ${script.name}`);
    const set = script.variant === 'redis' ? SCRIPTS : UPSTASH_SCRIPTS;
    expect(set[script.name]).toBe(script);
  });

  it.each(entries)('%s: starts with the flags of its variant', (_label, script) => {
    const first = script.script.split('\n')[0];
    if (script.variant === 'upstash')
      expect(first).toMatch(/^#!lua flags=allow-key-locking(,no-writes)?$/);
    else expect(first).toMatch(/^#!lua( flags=(no-writes,)?allow-oom)?$/);
    // The bodies are the same: the data stays interchangeable.
    const other = (script.variant === 'redis' ? UPSTASH_SCRIPTS : SCRIPTS)[script.name];
    expect(script.script.slice(first!.length)).toBe(other.script.slice(other.script.indexOf('\n')));
  });

  it('revocations and reads run when memory is full; creates, updates and rotations do not', () => {
    const oom = Object.values(SCRIPTS).filter(
      (s) => s.script.startsWith('#!lua flags=') && s.script.split('\n')[0]!.includes('allow-oom'),
    );
    expect(oom.map((s) => s.name).sort()).toEqual(
      [
        'get',
        'isTokenRevoked',
        'list',
        'revoke',
        'revokeAll',
        'revokeOthers',
        'revokeToken',
      ].sort(),
    );
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

  it.each(entries)('%s: every Redis call is to KEYS[1], the one declared key', (_name, script) => {
    const calls = [...script.script.matchAll(/redis\.p?call\('(\w+)',\s*([^,)]+)/g)];
    expect(calls.length).toBeGreaterThan(0);
    for (const [, , firstArg] of calls) expect(firstArg).toBe('KEYS[1]');
  });

  it('one script per storage operation', () => {
    expect(Object.keys(UPSTASH_SCRIPTS).sort()).toEqual(Object.keys(SCRIPTS).sort());
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
    expect(new Set(entries.map(([, s]) => s.sha1)).size).toBe(entries.length);
  });

  it('the registry is frozen', () => {
    expect(Object.isFrozen(SCRIPTS)).toBe(true);
    expect(Object.isFrozen(SCRIPTS.get)).toBe(true);
  });
});
