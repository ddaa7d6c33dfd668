import { describe, expect, it } from 'vitest';
import { compactLua, SCRIPTS } from '../src/index.js';

describe('compactLua', () => {
  it('drops comments, blank lines and indentation, and nothing else', () => {
    const source = '\n  -- why\n  local a = 1\n\n    -- more\n  return a .. "--x"\n';
    expect(compactLua(source)).toBe('local a = 1\nreturn a .. "--x"');
  });

  it('is idempotent, so a build that already compacted yields the same script and SHA1', () => {
    for (const { script } of Object.values(SCRIPTS)) expect(compactLua(script)).toBe(script);
  });

  it('leaves no comment in any registered script', () => {
    for (const { script } of Object.values(SCRIPTS)) {
      expect(script.split('\n').some((line) => line.startsWith('--'))).toBe(false);
      expect(script).not.toMatch(/^\s/m);
    }
  });
});
