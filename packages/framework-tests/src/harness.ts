import type { SessionStorage } from '@coatcheck/core';
import type { SessionMiddlewareOptions } from '@coatcheck/http';

/**
 * What a framework package hands the suite: a way to start an app that mounts its
 * `sessionMiddleware` with the given options and serves these routes, each answering JSON:
 *
 * - `GET /session` → `{ session: { id, did, fresh, expiresAt } | null }` (`c.get('session')` /
 *   `req.session`; `expiresAt` as an ISO string)
 * - `POST /sign-in?did=D[&deviceId=X]` → `{ id }` from `signIn` (with `{ deviceId }` when given)
 * - `POST /rotate` → `{ id }` from `rotateSession`, `null` without a session
 * - `POST /sign-out[?scope=S]` → `{ session }` after `signOut` (`{ scope: S }` when given)
 * - `GET /ended` → `{ ended }` from `sessionEnded`
 * - `POST /echo` → `{ ok: true }`, a state-changing route that touches no session
 *
 * A `StorageError` thrown by a route must reach the framework's own 503 mapping.
 */
export interface FrameworkHarness {
  start(options: SessionMiddlewareOptions): Promise<TestApp>;
  /** A fresh storage for each test (the suite wraps it to make it fail). @defaultValue a `MemoryStorage` */
  readonly storage?: () => SessionStorage;
}

/** A started app. */
export interface TestApp {
  /** Sends one request; `https: true` makes the app see an HTTPS request. */
  request(path: string, init?: TestRequest): Promise<Response>;
  /** The origin the app sees itself as, over HTTPS or plain HTTP. */
  origin(https: boolean): string;
  close(): Promise<void>;
}

/** One request of a test. */
export interface TestRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The `Cookie` header. */
  readonly cookie?: string;
  /** @defaultValue false */
  readonly https?: boolean;
}
