import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; CI installs it with apt-get (playwright never downloads a browser here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * A headless Chromium. `launch` gives it a fresh temporary profile (user data dir), deleted on
 * close; each test opens its own contexts, which share nothing.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A desktop browser, as the devices page should name it: Firefox 128 on Windows 10. */
export const FIREFOX_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
/** A phone: Safari 17 on iOS 17.5. */
export const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** A browser context playing one device, by its user agent. */
export function device(browser: Browser, userAgent: string): Promise<BrowserContext> {
  return browser.newContext({ userAgent, viewport: { width: 900, height: 640 } });
}

/** Fills and sends the sign-in form; resolves on the devices page. */
export async function signIn(
  page: Page,
  url: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForURL(/\/devices/),
    page.click('button[type="submit"]:has-text("Sign in")'),
  ]);
}
