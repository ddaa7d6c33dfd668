import { expect } from 'vitest';

async function post(base: string, path: string, cookie: string, body?: string): Promise<Response> {
  const headers: Record<string, string> = { origin: base, cookie };
  const init: RequestInit = { method: 'POST', headers, redirect: 'manual' };
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    init.body = body;
  }
  return fetch(`${base}${path}`, init);
}

async function devices(base: string, cookie: string): Promise<{ id: string }[] | null> {
  const response = await fetch(`${base}/devices`, { headers: { cookie }, redirect: 'manual' });
  return response.status === 200 ? ((await response.json()) as { id: string }[]) : null;
}

async function signIn(base: string, user: string): Promise<string> {
  const response = await post(base, '/sign-in', '', `user=${user}`);
  expect(response.status).toBe(303);
  const [set = ''] = response.headers.getSetCookie();
  return set.split(';')[0]!;
}

/**
 * Walks the README app at `base` as a user would: a wrong user is refused; alice signs in on
 * two devices, sees both (by public id, no token in the list), revokes the first from the
 * second, then signs out everywhere.
 */
export async function walkReadmeApp(base: string): Promise<void> {
  expect((await post(base, '/sign-in', '', 'user=mallory')).status).toBe(401);
  const laptop = await signIn(base, 'alice');
  const phone = await signIn(base, 'alice');
  const listed = (await devices(base, phone)) ?? [];
  expect(listed).toHaveLength(2);
  for (const token of [laptop, phone]) {
    expect(JSON.stringify(listed)).not.toContain(token.slice(token.indexOf('=') + 1));
  }
  // A token begins with its session's public id.
  const laptopId = listed.find((device) => laptop.includes(`=${device.id}`))?.id ?? '';
  expect((await post(base, `/devices/${laptopId}/revoke`, phone)).status).toBe(303);
  expect(await devices(base, laptop)).toBeNull();
  expect((await devices(base, phone))?.map((device) => device.id)).not.toContain(laptopId);
  const out = await post(base, '/sign-out-everywhere', phone);
  expect(out.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
  expect(await devices(base, phone)).toBeNull();
}

/** The README's code blocks, to check that the tested file is shown there verbatim. */
export function readmeShows(readme: string, code: string): boolean {
  return readme.includes(`\`\`\`ts\n${code.trim()}\n\`\`\``);
}
