import { describe, expect, it } from 'vitest';
import { encodeCommand, RespReplyError, readCommand, readFrame } from '../src/index.js';

const frame = (text: string) => readFrame(Buffer.from(text), 0);

describe('readFrame', () => {
  it('decodes RESP2 replies and says where each ends', () => {
    expect(frame('+OK\r\n')).toEqual({ value: 'OK', end: 5, push: false });
    expect(frame(':42\r\n')?.value).toBe(42);
    expect(frame('$-1\r\n')?.value).toBeNull();
    expect(frame('$5\r\na\r\nbc\r\n')?.value).toBe('a\r\nbc');
    expect(frame('*2\r\n$1\r\na\r\n:1\r\n+tail')).toMatchObject({ value: ['a', 1], end: 15 });
    const error = frame('-ASK 3999 127.0.0.1:7001\r\n')?.value;
    expect(error).toBeInstanceOf(RespReplyError);
    expect((error as Error).message).toBe('ASK 3999 127.0.0.1:7001');
  });

  it('decodes RESP3 types, skips attributes and marks pushes', () => {
    expect(frame('_\r\n')?.value).toBeNull();
    expect(frame('#t\r\n')?.value).toBe(true);
    expect(frame(',1.5\r\n')?.value).toBe(1.5);
    expect(frame('(12345678901234567890\r\n')?.value).toBe(12345678901234567890n);
    expect(frame('=8\r\ntxt:abcd\r\n')?.value).toBe('abcd');
    expect(frame('%1\r\n+a\r\n:1\r\n')?.value).toEqual(['a', 1]);
    expect(frame('~2\r\n+a\r\n+b\r\n')?.value).toEqual(['a', 'b']);
    expect(frame('!3\r\nERR\r\n')?.value).toBeInstanceOf(RespReplyError);
    expect(frame('|1\r\n+ttl\r\n:3\r\n+OK\r\n')).toEqual({ value: 'OK', end: 19, push: false });
    expect(frame('>2\r\n+invalidate\r\n*1\r\n+k\r\n')?.push).toBe(true);
  });

  it('returns undefined until the whole frame is there, at every cut', () => {
    const whole = '*3\r\n$3\r\nabc\r\n%1\r\n+k\r\n*1\r\n:7\r\n_\r\n';
    for (let cut = 0; cut < whole.length; cut++) {
      expect(frame(whole.slice(0, cut))).toBeUndefined();
    }
    expect(frame(whole)?.end).toBe(whole.length);
  });

  it('refuses bytes that are not RESP', () => {
    expect(() => frame('hello\r\n')).toThrow(/not RESP/);
  });
});

describe('readCommand', () => {
  it('reads pipelined RESP commands and inline ones', () => {
    const bytes = Buffer.concat([
      encodeCommand(['SET', 'k', 'v']),
      Buffer.from('PING\r\n\r\n'),
      encodeCommand(['EVALSHA', 'abc', 1, 'k']),
    ]);
    const first = readCommand(bytes, 0)!;
    expect(first.args).toEqual(['SET', 'k', 'v']);
    const second = readCommand(bytes, first.end)!;
    expect(second.args).toEqual(['PING']);
    const empty = readCommand(bytes, second.end)!;
    expect(empty.args).toEqual([]);
    const third = readCommand(bytes, empty.end)!;
    expect(third).toEqual({ args: ['EVALSHA', 'abc', '1', 'k'], end: bytes.length });
    expect(readCommand(bytes.subarray(0, bytes.length - 1), empty.end)).toBeUndefined();
  });
});
