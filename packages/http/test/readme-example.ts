import { SessionManager } from '@coatcheck/core';
import { cookiePolicy, readCookie, readSession, sessionCookieHeader } from '@coatcheck/http';
import { MemoryStorage } from '@coatcheck/memory';

const sessions = new SessionManager({ storage: new MemoryStorage() });
const cookie = cookiePolicy()(true); // the cookie for an HTTPS request
const issued = await sessions.createSession('did:plc:abc123', { ipAddress: '', userAgent: '' });
const header = sessionCookieHeader(cookie, issued.token, issued.expiresAt);
const { session } = await readSession(sessions, readCookie(header.split(';')[0], cookie.name));
console.log(cookie.name, session?.id === issued.id);
