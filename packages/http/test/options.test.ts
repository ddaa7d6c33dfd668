import { CoatcheckError, InvalidArgumentError, SessionManager } from '@coatcheck/core';
import { MemoryStorage } from '@coatcheck/memory';
import { describe, expect, it } from 'vitest';
import { cookiePolicy, csrfCheck, readCookie, requestStates, sessionPolicy } from '../src/index.js';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error.field;
    throw error;
  }
  return undefined;
}

describe('sessionPolicy', () => {
  const sessions = new SessionManager({ storage: new MemoryStorage() });

  it('names the malformed option', () => {
    expect(fieldOf(() => sessionPolicy({} as never))).toBe('sessions');
    expect(fieldOf(() => sessionPolicy({ sessions, cookie: { name: 'a b' } }))).toBe('cookie.name');
    expect(fieldOf(() => sessionPolicy({ sessions, cookie: { path: 'x' } }))).toBe('cookie.path');
    expect(fieldOf(() => sessionPolicy({ sessions, cookie: { domain: 'a;b' } }))).toBe(
      'cookie.domain',
    );
    expect(
      fieldOf(() => sessionPolicy({ sessions, cookie: { sameSite: 'None', secure: false } })),
    ).toBe('cookie.sameSite');
    expect(
      fieldOf(() => sessionPolicy({ sessions, csrf: { trustedOrigins: ['https://a.test/x'] } })),
    ).toBe('csrf.trustedOrigins');
    expect(fieldOf(() => sessionPolicy({ sessions, csrf: 'yes' as never }))).toBe('csrf');
  });

  it('accepts the defaults and a trusted origin with a trailing slash', () => {
    expect(fieldOf(() => sessionPolicy({ sessions }))).toBeUndefined();
    const check = csrfCheck({ trustedOrigins: ['https://a.test/'] });
    const post = { method: 'POST', secFetchSite: 'cross-site', ownOrigin: 'https://b.test' };
    expect(check({ ...post, origin: 'https://a.test' })).toBe(false);
    expect(check({ ...post, origin: 'https://c.test' })).toBe(true);
  });

  it('gives a path other than / no __Host- prefix, which the browser would refuse', () => {
    expect(cookiePolicy({ path: '/app' })(true).name).toBe('coatcheck_session');
    expect(cookiePolicy()(true).name).toBe('__Host-coatcheck_session');
  });
});

describe('readCookie', () => {
  it('finds the named cookie among others, unquoted', () => {
    const header = 'a=1; coatcheck_session_x=2; coatcheck_session="tok"; b=3';
    expect(readCookie(header, 'coatcheck_session')).toBe('tok');
    expect(readCookie(header, 'missing')).toBeUndefined();
    expect(readCookie(undefined, 'a')).toBeUndefined();
  });
});

describe('requestStates', () => {
  it('finds what was attached to a request, and names the package when nothing was', () => {
    const states = requestStates<object, number>('@coatcheck/test');
    const request = {};
    states.attach(request, 7);
    expect(states.of(request)).toBe(7);
    expect(() => states.of({})).toThrow(CoatcheckError);
    expect(() => states.of({})).toThrow(/@coatcheck\/test: sessionMiddleware\(\)/);
  });
});
