import { type Did, SessionManager } from '@coatcheck/core';
import { cookiePolicy, csrfCheck } from '@coatcheck/http';
import { MemoryStorage } from '@coatcheck/memory';

// One manager per server process. Next bundles `proxy.ts` and the route handlers separately,
// so the instance lives on globalThis, where both find it (memory storage is per process: use
// `IoRedisStorage` or `UpstashStorage` to share sessions between instances).
const shared = globalThis as { coatcheckSessions?: SessionManager };

shared.coatcheckSessions ??= new SessionManager({
  storage: new MemoryStorage(),
  config: { sessionExpirationSeconds: 7 * 86_400 },
});

/** The app's session manager. */
export const sessions: SessionManager = shared.coatcheckSessions;

/** The session cookie's name and attributes for a request over HTTPS or plain HTTP. */
export const sessionCookie = cookiePolicy();

/**
 * The cookie name for a request: `next start` speaks plain HTTP, so HTTPS is what the TLS proxy
 * in front of it says (`X-Forwarded-Proto`). A client that lies only picks which of its own
 * cookies is read.
 */
export function cookieName(headers: Headers): string {
  return sessionCookie(headers.get('x-forwarded-proto') === 'https').name;
}

/** Whether a request must be refused as cross-site (state-changing, from another origin). */
export const isCrossSite = csrfCheck();

/** The demo's users; replace with your own sign-in (AT Protocol OAuth, say). */
export const USERS: Readonly<Record<string, Did>> = {
  alice: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz',
  bob: 'did:plc:bobbuilder7xq3mhpkz2ltawa',
};
