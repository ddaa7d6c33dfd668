import { fingerprint, SessionManager } from '@coatcheck/core';
import { MemoryStorage } from '@coatcheck/memory';

/** @typedef {import('@coatcheck/core').Did} Did */
/** @typedef {import('@coatcheck/core').Session} Session */
/** @typedef {import('@coatcheck/core').SessionMetadata} SessionMetadata */

/** The user of the whole walk-through. */
export const DID = /** @type {Did} */ ('did:plc:abc123');

/** Where the injected clock starts: 2026-01-15 09:00:00 UTC. */
export const START = Date.UTC(2026, 0, 15, 9, 0, 0);

/** Small limits so that the walk-through reaches them within a few steps. */
export const CONFIG = Object.freeze({
  sessionExpirationSeconds: 3600,
  touchIntervalSeconds: 60,
  maxSessionsPerUser: 3,
});

const CHROME = 'AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0';

/**
 * Four devices of one user, each with what a server knows at sign-in.
 * @satisfies {Readonly<Record<string, SessionMetadata>>}
 */
export const DEVICES = Object.freeze({
  macbook: {
    ipAddress: '203.0.113.7',
    userAgent: `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) ${CHROME} Safari/537.36`,
    deviceId: 'macbook-7f3a',
    scope: ['read', 'write'],
  },
  pixel: {
    ipAddress: '198.51.100.23',
    userAgent: `Mozilla/5.0 (Linux; Android 14; Pixel 8) ${CHROME} Mobile Safari/537.36`,
    deviceId: 'pixel-19c2',
    scope: ['read', 'write'],
  },
  tablet: {
    ipAddress: '2001:db8::42',
    userAgent: `Mozilla/5.0 (Linux; Android 14; SM-X710) ${CHROME} Safari/537.36`,
    deviceId: 'tablet-5d0e',
    scope: ['read', 'write'],
  },
  desktop: {
    ipAddress: '192.0.2.10',
    userAgent: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${CHROME} Safari/537.36`,
    deviceId: 'desktop-a4b1',
    scope: ['read', 'write'],
  },
});

/**
 * `HH:MM:SS` of a time in UTC; the whole walk-through happens on one day.
 * @param {Date | number} time
 */
function hms(time) {
  return new Date(time).toISOString().slice(11, 19);
}

/**
 * Runs the walk-through: create sessions, read one back, let it slide, list newest first, hit
 * the per-user limit, revoke one, revoke all, blacklist a token. Time comes from an injected
 * clock, so nothing sleeps and the transcript is the same on every run but for the session
 * fingerprints. Session ids are secrets: the transcript shows only their fingerprints.
 *
 * @param {{ print?: (line: string) => void }} [options] - where each transcript line goes
 * (default: `console.log`).
 * @returns {Promise<string[]>} the transcript lines.
 *
 * @example
 * ```js
 * import { runQuickstart } from './quickstart.mjs';
 * const lines = await runQuickstart({ print: () => {} });
 * ```
 */
export async function runQuickstart({ print = console.log } = {}) {
  /** @type {string[]} */
  const lines = [];
  /** @param {string} line */
  const say = (line) => {
    lines.push(line);
    print(line);
  };

  let now = START;
  /** @param {number} seconds */
  const advance = (seconds) => {
    now += seconds * 1000;
    say(
      `   … ${seconds >= 60 ? `${seconds / 60} min` : `${seconds} s`} pass, clock at ${hms(now)}`,
    );
  };
  /** @type {Map<string, string>} fingerprint → device name, to make the hook lines readable */
  const names = new Map();
  /** @param {string} id */
  const label = (id) => `${fingerprint(id)} (${names.get(fingerprint(id)) ?? 'unknown'})`;

  const storage = new MemoryStorage();
  const sessions = new SessionManager({
    storage,
    config: CONFIG,
    now: () => now,
    hooks: {
      onSessionRevoked: ({ sessionId, reason }) =>
        say(`   hook: ${label(sessionId)} ended: ${reason}`),
    },
  });

  /** @param {keyof typeof DEVICES} device */
  const signIn = async (device) => {
    const session = await sessions.createSession(DID, DEVICES[device]);
    names.set(fingerprint(session.id), device);
    say(
      `   [${hms(now)}] created ${label(session.id)} ip=${session.ipAddress} ` +
        `scope=${session.scope.join(',')} expires ${hms(session.expiresAt)}`,
    );
    return session;
  };
  /** @param {import('@coatcheck/core').IssuedSession} issued */
  const read = async (issued) => {
    // The client presents the token; the transcript names the session by its public id.
    const id = issued.id;
    const session = await sessions.getSession(issued.token);
    say(
      session
        ? `   [${hms(now)}] getSession(${label(id)}) → lastActivity ${hms(session.lastActivity)}, expires ${hms(session.expiresAt)}`
        : `   [${hms(now)}] getSession(${label(id)}) → null`,
    );
    return session;
  };
  const list = async () => {
    const live = await sessions.listSessions(DID);
    say(`   listSessions → ${live.length} live, newest first:`);
    for (const [i, s] of live.entries()) {
      say(`     ${i + 1}. ${label(s.id)} created ${hms(s.createdAt)} expires ${hms(s.expiresAt)}`);
    }
    if (live.length === 0) say('     (no live sessions)');
    return live;
  };

  say(`coatcheck quickstart: MemoryStorage, clock starting at ${new Date(START).toISOString()}`);
  say(
    `config: idle timeout ${CONFIG.sessionExpirationSeconds} s, touch interval ` +
      `${CONFIG.touchIntervalSeconds} s, at most ${CONFIG.maxSessionsPerUser} sessions per user`,
  );

  say('');
  say(`1. Create sessions for ${DID}`);
  const macbook = await signIn('macbook');
  advance(120);
  const pixel = await signIn('pixel');

  say('');
  say('2. Read one back');
  const back = await sessions.getSession(pixel.token);
  if (!back) throw new Error('the session just created is missing');
  say(`   getSession(${label(back.id)}) →`);
  say(`     did          ${back.did}`);
  say(`     ipAddress    ${back.ipAddress}`);
  say(`     userAgent    ${back.userAgent}`);
  say(`     deviceId     ${back.deviceId}`);
  say(`     scope        ${JSON.stringify(back.scope)}`);
  say(`     createdAt    ${back.createdAt.toISOString()}`);
  say(`     lastActivity ${back.lastActivity.toISOString()}`);
  say(`     expiresAt    ${back.expiresAt.toISOString()}`);

  say('');
  say(`3. Let it slide (a read refreshes it once ${CONFIG.touchIntervalSeconds} s have passed)`);
  advance(30);
  await read(pixel);
  say('   within the touch interval: unchanged');
  advance(20 * 60);
  const slid = await read(pixel);
  if (!slid) throw new Error('the session should still be live');
  say(
    `   slid: lastActivity ${hms(back.lastActivity)} → ${hms(slid.lastActivity)}, ` +
      `expiresAt ${hms(back.expiresAt)} → ${hms(slid.expiresAt)}`,
  );

  say('');
  say('4. List newest first');
  await list();

  say('');
  say(`5. Hit the limit (maxSessionsPerUser = ${CONFIG.maxSessionsPerUser})`);
  advance(5 * 60);
  const tablet = await signIn('tablet');
  advance(60);
  say('   a fourth sign-in revokes the oldest session:');
  const desktop = await signIn('desktop');
  await read(macbook);
  await list();

  say('');
  say('6. Revoke one');
  await sessions.revokeSession(tablet.id);
  await read(tablet);
  await sessions.revokeSession(tablet.id);
  say('   revoking it again is a no-op (no hook)');
  await list();

  say('');
  say(`7. Revoke all (sign ${DID} out everywhere)`);
  await sessions.revokeAllSessions(DID);
  await read(desktop);
  await list();

  say('');
  say('8. Blacklist a token until it expires');
  const jti = crypto.randomUUID();
  const tokenExpiry = new Date(now + 15 * 60 * 1000);
  await sessions.revokeToken(jti, tokenExpiry);
  say(`   revokeToken(${fingerprint(jti)}, ${hms(tokenExpiry)})`);
  say(`   isTokenRevoked(${fingerprint(jti)}) → ${await sessions.isTokenRevoked(jti)}`);
  const other = crypto.randomUUID();
  say(
    `   isTokenRevoked(${fingerprint(other)}) → ${await sessions.isTokenRevoked(other)} (never revoked)`,
  );
  advance(16 * 60);
  say(
    `   isTokenRevoked(${fingerprint(jti)}) → ${await sessions.isTokenRevoked(jti)} (the token itself has expired)`,
  );

  say('');
  const stats = storage.stats();
  say(
    `done: memory holds ${stats.records} session records (revoked ones are kept ` +
      `${sessions.config.revokedRetentionSeconds} s for audit), ${stats.users} users with live ` +
      `sessions, ${stats.tokens} blacklisted tokens`,
  );
  return lines;
}
