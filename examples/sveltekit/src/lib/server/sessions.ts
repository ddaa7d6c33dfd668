import { type Did, SessionManager } from '@coatcheck/core';
import { cookiePolicy, csrfCheck } from '@coatcheck/http';
import { MemoryStorage } from '@coatcheck/memory';

/** The app's session manager (memory: one process; use a Redis adapter to share sessions). */
export const sessions = new SessionManager({
  storage: new MemoryStorage(),
  config: { sessionExpirationSeconds: 7 * 86_400 },
});

/** The session cookie's name and attributes for a request over HTTPS or plain HTTP. */
export const sessionCookie = cookiePolicy();

/** Whether a request must be refused as cross-site (state-changing, from another origin). */
export const isCrossSite = csrfCheck();

/** The demo's users; replace with your own sign-in (AT Protocol OAuth, say). */
export const USERS: Readonly<Record<string, Did>> = {
  alice: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz',
  bob: 'did:plc:bobbuilder7xq3mhpkz2ltawa',
};
