import { parse } from 'bowser';

/** What the devices page shows for a user agent. */
export interface DeviceDescription {
  /** Such as `Firefox 128 on Windows 10` or `Safari on iOS 17.5`. */
  readonly name: string;
  /** `desktop`, `mobile`, `tablet`, `tv`, `bot` or `unknown`. */
  readonly kind: string;
}

function major(version: string | undefined): string {
  const first = version?.split('.')[0];
  return first ? ` ${first}` : '';
}

/**
 * A readable device name from a `User-Agent`, parsed by bowser (a maintained parser; user
 * agents change too often for hand-written patterns).
 */
export function describeDevice(userAgent: string): DeviceDescription {
  if (userAgent.trim() === '') return { name: 'Unknown device', kind: 'unknown' };
  const result = parse(userAgent);
  const browser = result.browser.name
    ? `${result.browser.name}${major(result.browser.version)}`
    : '';
  const osVersion = result.os.versionName ?? result.os.version;
  const os = result.os.name ? `${result.os.name}${osVersion ? ` ${osVersion}` : ''}` : '';
  // Clients bowser does not know (curl, scripts) are named by their product token.
  const product = userAgent.trim().split(/\s/)[0]?.slice(0, 40) ?? '';
  const name = browser && os ? `${browser} on ${os}` : browser || os || product || 'Unknown device';
  return { name, kind: result.platform.type ?? 'unknown' };
}
