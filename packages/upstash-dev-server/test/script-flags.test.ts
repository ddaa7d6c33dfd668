import { describe, expect, it } from 'vitest';
import { stripUpstashFlags } from '../src/index.js';

describe('scripts with flags only Upstash knows', () => {
  it('strips allow-key-locking and keeps the other flags', () => {
    expect(stripUpstashFlags('#!lua flags=allow-key-locking\nreturn 1')).toBe('#!lua\nreturn 1');
    expect(stripUpstashFlags('#!lua flags=allow-key-locking,no-writes\nreturn 1')).toBe(
      '#!lua flags=no-writes\nreturn 1',
    );
    expect(stripUpstashFlags('#!lua flags=allow-oom\nreturn 1')).toBe(
      '#!lua flags=allow-oom\nreturn 1',
    );
    expect(stripUpstashFlags('return 1')).toBe('return 1');
  });
});
