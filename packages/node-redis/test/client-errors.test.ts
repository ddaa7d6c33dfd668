import type { RedisScript } from '@coatcheck/redis';
import { describe, expect, it } from 'vitest';
import {
  describeClientError,
  isConnectionLost,
  NodeRedisClientError,
  shouldResend,
} from '../src/client-errors.js';
import { createNodeRedisRunner } from '../src/node-redis-runner.js';

// Stand-ins with node-redis's class names: its classes set no `name`, so the constructor's
// name is what tells them apart (in node-redis 5 and 6 alike).
class SocketClosedUnexpectedlyError extends Error {}
class SocketTimeoutError extends Error {}
class TimeoutError extends Error {}
class ClientClosedError extends Error {}
class ClientOfflineError extends Error {}
class SimpleError extends Error {}
const withCode = (code: string) => Object.assign(new Error(`read ${code}`), { code });

describe('shouldResend', () => {
  it('re-sends once after the server or the network closed the connection', () => {
    for (const error of [
      new SocketClosedUnexpectedlyError('Socket closed unexpectedly'),
      withCode('ECONNRESET'),
      withCode('EPIPE'),
      withCode('ECONNABORTED'),
    ]) {
      expect(isConnectionLost(error)).toBe(true);
      expect(shouldResend(error, 1)).toBe(true);
      expect(shouldResend(error, 2)).toBe(false);
    }
  });

  it('never re-sends after a reply, a timeout or a client that is closed or offline', () => {
    for (const error of [
      new SimpleError('ERR coatcheck: session id collision'),
      new SimpleError('NOSCRIPT No matching script'),
      new TimeoutError(),
      new SocketTimeoutError('Socket timeout timeout.'),
      withCode('ETIMEDOUT'),
      new ClientClosedError('The client is closed'),
      new ClientOfflineError('The client is offline'),
      'a string',
      null,
    ]) {
      expect(shouldResend(error, 1)).toBe(false);
    }
  });
});

describe('describeClientError', () => {
  it('keeps a message that says something', () => {
    expect(describeClientError(new ClientClosedError('The client is closed'))).toBe(
      'The client is closed',
    );
  });

  it('describes the errors node-redis leaves blank', () => {
    expect(describeClientError(new TimeoutError())).toMatch(/^timeout: .*commandOptions.timeout/);
    const refused = Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' });
    expect(describeClientError(refused)).toBe('ECONNREFUSED (AggregateError)');
    expect(describeClientError(new AggregateError([withCode('EHOSTUNREACH')], ''))).toBe(
      'read EHOSTUNREACH',
    );
    expect(describeClientError(new (class OddError extends Error {})())).toBe('OddError');
    expect(describeClientError(undefined)).toBe('unknown client error');
  });
});

describe('the runner', () => {
  const script: RedisScript = {
    name: 'get',
    script: 'return 1',
    sha1: 'abc',
    numberOfKeys: 1,
    variant: 'redis',
  };
  const failing = (...errors: unknown[]) => {
    const calls: string[] = [];
    const next = (command: string) => {
      calls.push(command);
      const error = errors.shift();
      return error === undefined ? Promise.resolve('ok') : Promise.reject(error);
    };
    return { calls, client: { evalSha: () => next('evalsha'), eval: () => next('eval') } };
  };

  it('sends EVAL after NOSCRIPT only, and once more after a lost connection only', async () => {
    const lost = failing(new SimpleError('NOSCRIPT No matching script'), withCode('ECONNRESET'));
    expect(await createNodeRedisRunner(lost.client)(script, ['k'], [1])).toBe('ok');
    expect(lost.calls).toEqual(['evalsha', 'eval', 'evalsha']);

    const twice = failing(withCode('ECONNRESET'), withCode('ECONNRESET'));
    await expect(createNodeRedisRunner(twice.client)(script, ['k'], [1])).rejects.toThrow(
      'read ECONNRESET',
    );
    expect(twice.calls).toEqual(['evalsha', 'evalsha']);

    const reply = failing(new SimpleError('ERR boom'));
    await expect(createNodeRedisRunner(reply.client)(script, ['k'], [1])).rejects.toThrow(
      'ERR boom',
    );
    expect(reply.calls).toEqual(['evalsha']);
  });

  it('rejects with a described error, the original as its cause, when the message is blank', async () => {
    const blank = new TimeoutError();
    const error = await createNodeRedisRunner(failing(blank).client)(script, ['k'], [1]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NodeRedisClientError);
    expect((error as Error).message).toMatch(/^timeout: /);
    expect((error as Error).cause).toBe(blank);
  });
});
