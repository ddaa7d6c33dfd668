import { describe, expect, it } from 'vitest';
import { groupScriptCalls, type MonitorLine, parseMonitorLine } from '../src/monitor-line.js';

const text = (line: MonitorLine) => [line.source, ...line.args.map((arg) => arg.toString())];

describe('parseMonitorLine', () => {
  it('reads the source and unescapes the arguments to their bytes', () => {
    const line = parseMonitorLine(
      String.raw`1700000000.123456 [3 127.0.0.1:5000] "set" "a\"b\\c" "\xc3\xa9\n" ""`,
    )!;
    expect(line.source).toBe('127.0.0.1:5000');
    expect(line.args.map((arg) => arg.toString('utf8'))).toEqual(['set', 'a"b\\c', 'é\n', '']);
    expect(parseMonitorLine('1.5 [0 lua] "get" "k"')).toEqual({
      source: 'lua',
      args: [Buffer.from('get'), Buffer.from('k')],
    });
    expect(parseMonitorLine('OK')).toBeUndefined();
  });
});

describe('groupScriptCalls', () => {
  const line = (raw: string) => parseMonitorLine(`1.0 ${raw}`)!;
  const call = line('[0 127.0.0.1:1] "EVALSHA" "abc" "1" "k"');
  const get = line('[0 lua] "get" "k"');
  const set = line('[0 lua] "set" "x" "1"');
  const other = line('[0 127.0.0.1:2] "GET" "k"');
  const fcall = line('[0 127.0.0.1:1] "fcall" "f" "0"');

  it('gives each call the lua lines that follow it (Redis 7.0)', () => {
    const calls = groupScriptCalls([call, get, set, other, fcall], false);
    expect(calls.map((c) => [text(c.line), c.lua.map(text)])).toEqual([
      [text(call), [text(get), text(set)]],
      [text(fcall), []],
    ]);
  });

  it('gives each call the lua lines before it when the server writes them first', () => {
    const calls = groupScriptCalls([other, get, set, call, fcall], true);
    expect(calls.map((c) => c.lua.map(text))).toEqual([[text(get), text(set)], []]);
  });
});
