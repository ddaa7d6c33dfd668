import { InvalidArgumentError } from '@coatcheck/core';

/** Cross-site request refusal, with the origins allowed to post across sites anyway. */
export interface CsrfOptions {
  /**
   * Origins (`https://app.example.com`) whose state-changing requests are accepted although
   * they are not this server's own, such as a front end on another host, or the public origin
   * when a proxy rewrites the `Host` the server sees.
   * @defaultValue none
   */
  readonly trustedOrigins?: readonly string[];
}

/**
 * `true` or omitted: refuse cross-site state-changing requests; `false`: accept them (only for
 * APIs that never rely on the cookie alone); an object: refuse them except from its origins.
 */
export type CsrfSetting = boolean | CsrfOptions;

/** What the CSRF check needs to know of a request. */
export interface RequestOrigin {
  /** The HTTP method. */
  readonly method: string;
  /** The `Origin` request header, if sent. */
  readonly origin: string | undefined;
  /** The `Sec-Fetch-Site` request header, if sent. */
  readonly secFetchSite: string | undefined;
  /** The origin this server answers as: scheme and `Host` of the request. */
  readonly ownOrigin: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Builds the check that tells whether a request must be refused as cross-site: a method that
 * may change state (anything but GET, HEAD, OPTIONS) with `Sec-Fetch-Site: cross-site`, or with
 * an `Origin` other than the server's own and not trusted. Requests with neither header (not
 * from a browser) pass: a cookie-borne attack needs a browser, and browsers send one of them.
 *
 * @throws InvalidArgumentError when `trustedOrigins` holds something that is not an origin.
 */
export function csrfCheck(setting: CsrfSetting = true): (request: RequestOrigin) => boolean {
  if (setting === false) return () => false;
  if (setting !== true && (typeof setting !== 'object' || setting === null)) {
    throw new InvalidArgumentError('csrf', 'must be a boolean or { trustedOrigins }');
  }
  const trusted = new Set(setting === true ? [] : originsOf(setting.trustedOrigins ?? []));
  return ({ method, origin, secFetchSite, ownOrigin }) => {
    if (SAFE_METHODS.has(method.toUpperCase())) return false;
    if (origin !== undefined && trusted.has(origin)) return false;
    if (secFetchSite?.toLowerCase() === 'cross-site') return true;
    return origin !== undefined && origin !== ownOrigin;
  };
}

function originsOf(list: readonly string[]): string[] {
  if (!Array.isArray(list)) {
    throw new InvalidArgumentError('csrf.trustedOrigins', 'must be an array of origins');
  }
  return list.map((entry) => {
    const origin = typeof entry === 'string' && URL.canParse(entry) ? new URL(entry).origin : '';
    if (origin === '' || origin === 'null' || origin !== entry.replace(/\/$/, '')) {
      throw new InvalidArgumentError(
        'csrf.trustedOrigins',
        'must hold origins like https://a.example',
      );
    }
    return origin;
  });
}
