import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runQuickstart } from '../src/quickstart.mjs';

const FP = 'fp_[0-9a-f]{8}';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let lines: string[];
let printed: string[];

beforeAll(async () => {
  printed = [];
  lines = await runQuickstart({ print: (line) => printed.push(line) });
});

/** The lines of the numbered section that starts with `heading`, up to the next blank line. */
function section(heading: string): string[] {
  const start = lines.findIndex((line) => line.startsWith(heading));
  expect(start, `section "${heading}"`).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** The fingerprint the transcript gave `device`. */
function fp(device: string): string {
  const line = lines.find((l) => new RegExp(`created ${FP} \\(${device}\\)`).test(l));
  const match = line?.match(new RegExp(FP));
  if (!match) throw new Error(`no session created for ${device}`);
  return match[0];
}

describe('the quickstart transcript', () => {
  it('is printed line by line as it is returned', () => {
    expect(printed).toEqual(lines);
    expect(lines.length).toBeGreaterThan(40);
  });

  it('never shows a full session id or token id, only fingerprints', () => {
    expect(lines.filter((line) => UUID.test(line))).toEqual([]);
    expect(lines.some((line) => new RegExp(FP).test(line))).toBe(true);
  });

  it('1. creates sessions for did:plc:abc123 with their metadata', () => {
    const lines = section('1. Create sessions for did:plc:abc123');
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^ {3}\\[09:00:00\\] created ${FP} \\(macbook\\) ip=203\\.0\\.113\\.7 scope=read,write expires 10:00:00$`,
        ),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `\\[09:02:00\\] created ${FP} \\(pixel\\) ip=198\\.51\\.100\\.23 .* expires 10:02:00$`,
        ),
      ),
    );
  });

  it('2. reads one back with every field', () => {
    const text = section('2. Read one back').join('\n');
    expect(text).toContain(`getSession(${fp('pixel')} (pixel))`);
    expect(text).toMatch(/did +did:plc:abc123/);
    expect(text).toMatch(/ipAddress +198\.51\.100\.23/);
    expect(text).toMatch(/userAgent +Mozilla\/5\.0 \(Linux; Android 14; Pixel 8\).*Chrome\/126/);
    expect(text).toMatch(/deviceId +pixel-19c2/);
    expect(text).toMatch(/scope +\["read","write"\]/);
    expect(text).toMatch(/createdAt +2026-01-15T09:02:00\.000Z/);
    expect(text).toMatch(/expiresAt +2026-01-15T10:02:00\.000Z/);
  });

  it('3. slides only once the touch interval has passed', () => {
    const lines = section('3. Let it slide');
    expect(lines).toContain(
      `   [09:02:30] getSession(${fp('pixel')} (pixel)) → lastActivity 09:02:00, expires 10:02:00`,
    );
    expect(lines).toContain(
      `   [09:22:30] getSession(${fp('pixel')} (pixel)) → lastActivity 09:22:30, expires 10:22:30`,
    );
    expect(lines).toContain(
      '   slid: lastActivity 09:02:00 → 09:22:30, expiresAt 10:02:00 → 10:22:30',
    );
  });

  it('4. lists newest first', () => {
    expect(section('4. List newest first')).toEqual([
      '   listSessions → 2 live, newest first:',
      `     1. ${fp('pixel')} (pixel) created 09:02:00 expires 10:22:30`,
      `     2. ${fp('macbook')} (macbook) created 09:00:00 expires 10:00:00`,
    ]);
  });

  it('5. hits the limit: the oldest session is evicted', () => {
    const lines = section('5. Hit the limit (maxSessionsPerUser = 3)');
    expect(lines).toContain(`   hook: ${fp('macbook')} (macbook) ended: evicted`);
    expect(lines).toContain(`   [09:28:30] getSession(${fp('macbook')} (macbook)) → null`);
    expect(lines.slice(-4)).toEqual([
      '   listSessions → 3 live, newest first:',
      `     1. ${fp('desktop')} (desktop) created 09:28:30 expires 10:28:30`,
      `     2. ${fp('tablet')} (tablet) created 09:27:30 expires 10:27:30`,
      `     3. ${fp('pixel')} (pixel) created 09:02:00 expires 10:22:30`,
    ]);
  });

  it('6. revokes one, once', () => {
    const lines = section('6. Revoke one');
    expect(lines.filter((line) => line.includes('hook:'))).toEqual([
      `   hook: ${fp('tablet')} (tablet) ended: revoked`,
    ]);
    expect(lines).toContain(`   [09:28:30] getSession(${fp('tablet')} (tablet)) → null`);
    expect(lines).toContain('   listSessions → 2 live, newest first:');
  });

  it('7. revokes all', () => {
    const lines = section('7. Revoke all');
    expect(lines.filter((line) => line.includes('hook:')).sort()).toEqual(
      [
        `   hook: ${fp('desktop')} (desktop) ended: revoked-all`,
        `   hook: ${fp('pixel')} (pixel) ended: revoked-all`,
      ].sort(),
    );
    expect(lines).toContain(`   [09:28:30] getSession(${fp('desktop')} (desktop)) → null`);
    expect(lines.slice(-2)).toEqual([
      '   listSessions → 0 live, newest first:',
      '     (no live sessions)',
    ]);
  });

  it('8. blacklists a token until it expires', () => {
    const lines = section('8. Blacklist a token until it expires');
    const revoked = lines
      .map((line) => line.match(new RegExp(`revokeToken\\((${FP}), 09:43:30\\)`)))
      .find(Boolean);
    expect(revoked).toBeTruthy();
    const token = revoked![1];
    expect(lines).toContain(`   isTokenRevoked(${token}) → true`);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`isTokenRevoked\\(${FP}\\) → false \\(never revoked\\)`)),
    );
    expect(lines).toContain(`   isTokenRevoked(${token}) → false (the token itself has expired)`);
  });

  it('ends with what memory still holds', () => {
    expect(lines.at(-1)).toBe(
      'done: memory holds 4 session records (revoked ones are kept 86400 s for audit), 0 users with live sessions, 0 blacklisted tokens',
    );
  });
});

describe('pnpm start', () => {
  it('prints the transcript and exits 0', async () => {
    const main = fileURLToPath(new URL('../src/main.mjs', import.meta.url));
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [main]);
    expect(stderr).toBe('');
    const out = stdout.trimEnd().split('\n');
    expect(out[0]).toMatch(
      /^coatcheck quickstart: MemoryStorage, clock starting at 2026-01-15T09:00:00\.000Z$/,
    );
    expect(out).toContain('8. Blacklist a token until it expires');
    expect(out.at(-1)).toBe(lines.at(-1));
    expect(out).toHaveLength(lines.length);
    expect(out.filter((line) => UUID.test(line))).toEqual([]);
  });
});
