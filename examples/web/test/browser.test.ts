import { fileURLToPath } from 'node:url';
import type { SessionStorage } from '@coatcheck/core';
import { MemoryStorage } from '@coatcheck/memory';
import { type RedisServer, startRedisServer } from '@coatcheck/redis-testing';
import { Redis } from 'ioredis';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD_HINTS } from '../src/accounts.js';
import { device, FIREFOX_WINDOWS, launchBrowser, SAFARI_IPHONE, signIn } from './browser.js';
import { freshAccount, startTestApp, type TestAccount, type TestApp } from './helpers.js';

// One Chromium for the whole file; every test gets fresh contexts, a fresh account (DID) and
// its own app server, and runs once on memory and once on a real redis-server.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Backend {
  readonly name: string;
  setUp(): Promise<void>;
  storage(): SessionStorage;
  tearDown(): Promise<void>;
}

function memoryBackend(): Backend {
  return {
    name: 'memory',
    setUp: async () => {},
    storage: () => new MemoryStorage(),
    tearDown: async () => {},
  };
}

function redisBackend(): Backend {
  let server: RedisServer;
  let IoRedisStorage: typeof import('@coatcheck/ioredis').IoRedisStorage;
  const clients: Redis[] = [];
  return {
    name: 'Redis (IoRedisStorage)',
    setUp: async () => {
      // Imported here, so that the memory run needs nothing of the Redis adapter.
      ({ IoRedisStorage } = await import('@coatcheck/ioredis'));
      server = await startRedisServer();
    },
    storage: () => {
      const client = new Redis(server.port, server.host);
      clients.push(client);
      return new IoRedisStorage(client, { keyPrefix: `web-${crypto.randomUUID()}:` });
    },
    tearDown: async () => {
      await Promise.all(clients.splice(0).map((client) => client.quit()));
      await server?.stop();
    },
  };
}

const COOKIE = 'coatcheck_session';

function deviceItems(page: Page) {
  return page.locator('ul.devices > li');
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name === COOKIE);
}

describe.each([memoryBackend(), redisBackend()])('in Chromium, on $name', (backend) => {
  let app: TestApp;
  let user: TestAccount;
  const contexts: BrowserContext[] = [];

  async function open(userAgent: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await device(browser, userAgent);
    contexts.push(context);
    return { context, page: await context.newPage() };
  }

  beforeAll(() => backend.setUp());
  afterAll(() => backend.tearDown());
  beforeEach(async () => {
    user = await freshAccount('Tess');
    app = await startTestApp({
      storage: backend.storage(),
      accounts: [user.account],
      backend: backend.name,
    });
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await app.close();
  });

  it('two devices: the first revokes the second, then signs out everywhere', async () => {
    const first = await open(FIREFOX_WINDOWS);
    const second = await open(SAFARI_IPHONE);
    await signIn(first.page, app.url, user.account.username, user.password);
    await signIn(second.page, app.url, user.account.username, user.password);

    await first.page.goto(`${app.url}/devices`);
    await expect.poll(() => deviceItems(first.page).count()).toBe(2);
    // Newest first: the iPhone signed in last.
    await expect
      .poll(() => deviceItems(first.page).nth(0).locator('.name').textContent())
      .toBe('Safari 17 on iOS 17.5');
    const current = first.page.locator('ul.devices > li[data-current="true"]');
    expect(await current.locator('.name').textContent()).toBe(
      'Firefox 128 on Windows 10This device',
    );
    const secondCookie = await sessionCookie(second.context);
    expect(secondCookie).toBeDefined();

    await Promise.all([
      first.page.waitForURL(/notice=device-revoked/),
      first.page.click('ul.devices > li[data-current="false"] button'),
    ]);
    expect(await deviceItems(first.page).count()).toBe(1);

    // The second device's next page load lands on the sign-in page, its cookie cleared.
    await second.page.reload();
    expect(new URL(second.page.url()).pathname).toBe('/sign-in');
    expect(await second.page.locator('.notice').textContent()).toContain('Your session has ended');
    expect(await sessionCookie(second.context)).toBeUndefined();

    // The revoked id, replayed by hand, is refused and cleared.
    const replay = await fetch(`${app.url}/devices`, {
      headers: { cookie: `${COOKIE}=${secondCookie!.value}` },
      redirect: 'manual',
    });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/sign-in?notice=ended');
    expect(replay.headers.getSetCookie()[0]).toMatch(/^coatcheck_session=;.*Max-Age=0/);

    const firstCookie = await sessionCookie(first.context);
    await Promise.all([
      first.page.waitForURL(/\/sign-in/),
      first.page.click('button:has-text("Sign out everywhere")'),
    ]);
    expect(await first.page.locator('.notice').textContent()).toContain(
      'signed out on every device',
    );
    await first.page.goto(`${app.url}/devices`);
    expect(new URL(first.page.url()).pathname).toBe('/sign-in');
    const replayFirst = await fetch(`${app.url}/devices`, {
      headers: { cookie: `${COOKIE}=${firstCookie!.value}` },
      redirect: 'manual',
    });
    expect(replayFirst.headers.get('location')).toBe('/sign-in?notice=ended');
  });

  it('"sign out other devices" keeps only the current one', async () => {
    const first = await open(FIREFOX_WINDOWS);
    const second = await open(SAFARI_IPHONE);
    const third = await open(
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    );
    for (const { page } of [first, second, third])
      await signIn(page, app.url, user.account.username, user.password);

    await first.page.goto(`${app.url}/devices`);
    expect(await deviceItems(first.page).count()).toBe(3);
    await Promise.all([
      first.page.waitForURL(/notice=others-revoked/),
      first.page.click('button:has-text("Sign out other devices (2)")'),
    ]);
    expect(await deviceItems(first.page).count()).toBe(1);
    expect(await first.page.locator('li[data-current="true"]').count()).toBe(1);
    for (const { page } of [second, third]) {
      await page.goto(`${app.url}/devices`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
    }
  });

  it('the session cookie has the promised flags and is hidden from scripts', async () => {
    const { context, page } = await open(FIREFOX_WINDOWS);
    await signIn(page, app.url, user.account.username, user.password);
    const cookie = await sessionCookie(context);
    expect(cookie).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: false,
      domain: '127.0.0.1',
    });
    // The token: the public id, a dot and the secret.
    expect(cookie!.value).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.[A-Za-z0-9_-]{32}$/,
    );
    // It expires with the session: 7 idle days, sent again whenever a read slides them.
    const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });

  it('a form posted from another site is refused', async () => {
    const { page } = await open(FIREFOX_WINDOWS);
    await signIn(page, app.url, user.account.username, user.password);
    // A page on another origin that posts "sign out everywhere" to the app.
    await page.route('http://attacker.test/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<form method="post" action="${app.url}/devices/revoke-all"><button>go</button></form>`,
      }),
    );
    await page.goto('http://attacker.test/');
    const [response] = await Promise.all([
      page.waitForResponse(`${app.url}/devices/revoke-all`),
      page.click('button'),
    ]);
    expect(response.status()).toBe(403);
    await page.goto(`${app.url}/devices`);
    expect(new URL(page.url()).pathname).toBe('/devices');
  });
});

describe('screenshots for the docs', () => {
  let app: TestApp;
  const docs = fileURLToPath(new URL('../../../docs/', import.meta.url));

  beforeAll(async () => {
    app = await startTestApp({
      storage: new MemoryStorage(),
      accounts: DEMO_ACCOUNTS,
      passwordHints: DEMO_PASSWORD_HINTS,
      backend: 'memory (this process only)',
    });
  });
  afterAll(() => app?.close());

  it('the sign-in page and the devices page of a demo account', async () => {
    const phone = await device(browser, SAFARI_IPHONE);
    const laptop = await device(browser, FIREFOX_WINDOWS);
    try {
      const signInPage = await laptop.newPage();
      await signInPage.goto(`${app.url}/sign-in`);
      expect(await signInPage.locator('.demo').textContent()).toContain('wonderland-rabbit-hole');
      await signInPage.screenshot({ path: `${docs}sign-in.png`, fullPage: true });

      await signIn(await phone.newPage(), app.url, 'alice', DEMO_PASSWORD_HINTS.alice!);
      await signIn(signInPage, app.url, 'alice', DEMO_PASSWORD_HINTS.alice!);
      expect(await deviceItems(signInPage).count()).toBe(2);
      await signInPage.screenshot({ path: `${docs}devices.png`, fullPage: true });
    } finally {
      await phone.close();
      await laptop.close();
    }
  });
});
