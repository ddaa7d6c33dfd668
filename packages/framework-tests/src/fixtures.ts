import { type Did, SessionManager, type SessionStorage, StorageError } from '@coatcheck/core';
import { MemoryStorage } from '@coatcheck/memory';
import { afterEach, beforeEach, vi } from 'vitest';
import type { FrameworkHarness, TestApp, TestRequest } from './harness.js';

/**
 * The clock every test starts at: the real time when the suite loads, in whole seconds, so that
 * a real server's own TTLs still agree; `Date` is faked so that `Max-Age` is exact.
 */
export const T0 = Math.floor(Date.now() / 1000) * 1000;

/** Sessions idle out after an hour; a read slides them once a minute at most. */
export const EXPIRATION_SECONDS = 3600;
export const TOUCH_SECONDS = 60;

/**
 * A storage whose calls fail with `StorageError` while `failing` is `true`, or only the named
 * operations (`'revoke'`, `'get'`, ...) while it is a list.
 */
export interface SwitchableStorage {
  readonly storage: SessionStorage;
  failing: boolean | readonly string[];
}

export function switchableStorage(base: SessionStorage = new MemoryStorage()): SwitchableStorage {
  const control: SwitchableStorage = {
    failing: false,
    storage: new Proxy(base, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property);
        if (typeof value !== 'function') return value;
        const fails = () =>
          control.failing === true ||
          (Array.isArray(control.failing) && control.failing.includes(String(property)));
        return (...args: unknown[]) =>
          fails()
            ? Promise.reject(
                new StorageError('switchable', String(property), new Error('connection refused')),
              )
            : value.apply(target, args);
      },
    }),
  };
  return control;
}

let didCounter = 0;

/** A DID no other test uses. */
export function freshDid(): Did {
  didCounter += 1;
  return `did:plc:framework${didCounter.toString(36).padStart(6, '0')}`;
}

/** The per-test world: a manager on switchable storage, and the app under test. */
export interface World {
  readonly sessions: SessionManager;
  readonly store: SwitchableStorage;
  readonly app: TestApp;
}

/** Starts a fresh app for each test with `options`, and a fake `Date` at {@link T0}. */
export function useWorld(
  harness: FrameworkHarness,
  options: Omit<Parameters<FrameworkHarness['start']>[0], 'sessions'> = {},
): () => World {
  let world: World | undefined;
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const store = switchableStorage(harness.storage?.());
    const sessions = new SessionManager({
      storage: store.storage,
      now: () => Date.now(),
      config: { sessionExpirationSeconds: EXPIRATION_SECONDS, touchIntervalSeconds: TOUCH_SECONDS },
    });
    world = { sessions, store, app: await harness.start({ ...options, sessions }) };
  });
  afterEach(async () => {
    vi.useRealTimers();
    await world?.app.close();
    world = undefined;
  });
  return () => {
    if (!world) throw new Error('useWorld: no test is running');
    return world;
  };
}

/** A parsed `Set-Cookie` header. */
export interface SetCookie {
  readonly name: string;
  readonly value: string;
  /** Attribute names lower-cased, values as sent (`true` for flags). */
  readonly attributes: ReadonlyMap<string, string | true>;
}

export function setCookies(response: Response): SetCookie[] {
  return response.headers.getSetCookie().map((header) => {
    const [pair = '', ...rest] = header.split(';');
    const eq = pair.indexOf('=');
    const attributes = new Map<string, string | true>();
    for (const part of rest) {
      const at = part.indexOf('=');
      const key = (at < 0 ? part : part.slice(0, at)).trim().toLowerCase();
      attributes.set(key, at < 0 ? true : part.slice(at + 1).trim());
    }
    return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
  });
}

/** The one `Set-Cookie` of a response; fails when there are none or several. */
export function onlyCookie(response: Response): SetCookie {
  const cookies = setCookies(response);
  if (cookies.length !== 1) {
    throw new Error(
      `expected one Set-Cookie, got ${cookies.length}: ${cookies.map((c) => c.name)}`,
    );
  }
  return cookies[0]!;
}

/** Signs `did` in and returns the cookie (`name=token`) for the next requests and the id. */
export async function signInAs(
  app: TestApp,
  did: Did,
  init: TestRequest = {},
): Promise<{ cookie: string; id: string; response: Response; body: string }> {
  const response = await app.request(`/sign-in?did=${encodeURIComponent(did)}`, {
    ...init,
    method: 'POST',
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  const body = await response.text();
  const { id } = JSON.parse(body) as { id: string };
  const set = onlyCookie(response);
  return { cookie: `${set.name}=${set.value}`, id, response, body };
}

/** The session `GET /session` reports. */
export async function sessionOf(
  app: TestApp,
  init: TestRequest = {},
): Promise<{ id: string; did: string; fresh: boolean; expiresAt: string } | null> {
  const response = await app.request('/session', init);
  const body = (await response.json()) as {
    session: { id: string; did: string; fresh: boolean; expiresAt: string } | null;
  };
  return body.session;
}
