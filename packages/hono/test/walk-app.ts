import { expect } from 'vitest';

/** Sends one request to the app under test, wherever it runs. */
export type Send = (
  path: string,
  init?: { method?: string; headers?: Record<string, string> },
) => Promise<Response>;

function cookieOf(response: Response): string {
  const [set = ''] = response.headers.getSetCookie();
  return set.split(';')[0]!;
}

/**
 * Walks the suite's routes as a browser would, for runtimes where the suite itself cannot reach
 * the storage: sign in, read, cross-site refusal, rotate, sign out everywhere.
 */
export async function walkApp(send: Send, origin: string): Promise<void> {
  const did = 'did:plc:runtimewalk';
  const signedIn = await send(`/sign-in?did=${did}`, { method: 'POST', headers: { origin } });
  expect(signedIn.status).toBe(200);
  const [set = ''] = signedIn.headers.getSetCookie();
  expect(set).toMatch(
    /^coatcheck_session=[^;]+; Expires=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/,
  );
  const cookie = cookieOf(signedIn);
  const { id } = (await signedIn.json()) as { id: string };

  const read = await send('/session', { headers: { cookie } });
  expect(((await read.json()) as { session: unknown }).session).toMatchObject({
    id,
    did,
    fresh: false,
  });
  expect(read.headers.getSetCookie()).toEqual([]);

  const forged = await send('/echo', {
    method: 'POST',
    headers: { origin: 'https://evil.example' },
  });
  expect(forged.status).toBe(403);

  const rotated = await send('/rotate', { method: 'POST', headers: { cookie, origin } });
  const newCookie = cookieOf(rotated);
  expect(newCookie).not.toBe(cookie);
  const stale = await send('/session', { headers: { cookie } });
  expect(await stale.json()).toEqual({ session: null });
  expect(stale.headers.getSetCookie()[0]).toMatch(/^coatcheck_session=; .*Max-Age=0/);

  const out = await send('/sign-out?scope=everywhere', {
    method: 'POST',
    headers: { cookie: newCookie, origin },
  });
  expect(out.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
  const after = await send('/session', { headers: { cookie: newCookie } });
  expect(await after.json()).toEqual({ session: null });
}
