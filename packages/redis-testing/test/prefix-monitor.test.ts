import { describe, expect, it } from 'vitest';
import { parseMonitorArgs } from '../src/index.js';

describe('parseMonitorArgs', () => {
  it("undoes Redis's quoting of MONITOR arguments", () => {
    expect(parseMonitorArgs('"evalsha" "ab12" "1" "p:{1a2b}x"')).toEqual([
      'evalsha',
      'ab12',
      '1',
      'p:{1a2b}x',
    ]);
    expect(parseMonitorArgs('"a\\"b" "c\\\\d" "e\\nf" "\\x00\\xff"')).toEqual([
      'a"b',
      'c\\d',
      'e\nf',
      '\x00\xff',
    ]);
    expect(parseMonitorArgs('')).toEqual([]);
  });
});
