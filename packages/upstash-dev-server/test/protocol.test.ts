import { describe, expect, it } from 'vitest';
import { encodeReply } from '../src/encoding.js';
import { BadRequestError, endpointOf, parseBody, toRedisArgs } from '../src/protocol.js';
import { redactUrl } from '../src/server.js';

describe('toRedisArgs', () => {
  it('stringifies numbers and booleans, keeps strings', () => {
    expect(toRedisArgs(['set', 'k', 'v', 'px', 5000, true, 1.5])).toEqual([
      'set',
      'k',
      'v',
      'px',
      '5000',
      'true',
      '1.5',
    ]);
  });

  it.each([[[]], ['get'], [['get', null]], [['get', { a: 1 }]], [['get', Number.NaN]]])(
    'rejects %j',
    (command) => {
      expect(() => toRedisArgs(command)).toThrow(BadRequestError);
    },
  );

  it('rejects commands that would change the shared connection', () => {
    for (const name of ['SELECT', 'multi', 'subscribe', 'blpop']) {
      expect(() => toRedisArgs([name, '1'])).toThrow(/not supported/);
    }
  });
});

describe('parseBody', () => {
  it('reads one command on / and a list on the batch endpoints', () => {
    expect(parseBody('single', '["get","k"]')).toEqual([['get', 'k']]);
    expect(parseBody('pipeline', '[["get","k"],["incr","n"]]')).toEqual([
      ['get', 'k'],
      ['incr', 'n'],
    ]);
  });

  it('rejects bad JSON and empty batches', () => {
    expect(() => parseBody('single', '{')).toThrow(/not valid JSON/);
    expect(() => parseBody('pipeline', '[]')).toThrow(BadRequestError);
    expect(() => parseBody('multi-exec', '["get","k"]')).toThrow(BadRequestError);
  });
});

describe('endpointOf', () => {
  it('knows the three paths', () => {
    expect(endpointOf('/')).toBe('single');
    expect(endpointOf('/pipeline')).toBe('pipeline');
    expect(endpointOf('/multi-exec')).toBe('multi-exec');
    expect(endpointOf('/get/k')).toBeNull();
  });
});

describe('encodeReply', () => {
  it('base64-encodes every string, status replies too, and keeps numbers and nil', () => {
    const reply = [Buffer.from('OK'), 42, null, [Buffer.from('é'), Buffer.from([0xff])]];
    expect(encodeReply(reply, true)).toEqual(['T0s=', 42, null, ['w6k=', '/w==']]);
  });

  it('sends UTF-8 text without base64', () => {
    expect(encodeReply([Buffer.from('é'), 1, null], false)).toEqual(['é', 1, null]);
  });

  it('carries an error nested in a script reply as its text', () => {
    expect(encodeReply([new Error('boom')], false)).toEqual(['boom']);
  });
});

describe('redactUrl', () => {
  it('drops credentials from a Redis URL', () => {
    expect(redactUrl('redis://:s3cret@127.0.0.1:6379/0')).toBe('redis://127.0.0.1:6379/0');
    expect(redactUrl('rediss://default:pw@host:6379')).toBe('rediss://host:6379');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
