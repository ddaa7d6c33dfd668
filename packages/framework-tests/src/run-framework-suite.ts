import { describe } from 'vitest';
import { cookieAttributeTests } from './cookie-attributes.js';
import { crossSiteTests } from './cross-site.js';
import type { FrameworkHarness } from './harness.js';
import { refreshAndClearTests } from './refresh-and-clear.js';
import { signInOutTests } from './sign-in-out.js';
import { storageOutageTests } from './storage-outage.js';

/**
 * Runs the whole suite against one framework package: cookie attributes and expiry, resend and
 * clearing, cross-site refusal and its opt-outs, storage outages, sign-in, rotation and the
 * sign-out scopes.
 */
export function runFrameworkSuite(name: string, harness: FrameworkHarness): void {
  describe(name, () => {
    cookieAttributeTests(harness);
    refreshAndClearTests(harness);
    crossSiteTests(harness);
    storageOutageTests(harness);
    signInOutTests(harness);
  });
}
