/**
 * The value of the first cookie called `name` in a `Cookie` request header, or `undefined`.
 * Surrounding double quotes are removed; nothing is decoded, since session tokens are
 * cookie-safe as they are (and a value that needs decoding is no token).
 */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    const value = pair.slice(eq + 1).trim();
    return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
      ? value.slice(1, -1)
      : value;
  }
  return undefined;
}

/**
 * Whether a `Set-Cookie` value sets the cookie called `name`: used to replace an earlier
 * session cookie of the same response instead of sending two.
 */
export function setsCookie(setCookie: string, name: string): boolean {
  return setCookie.startsWith(`${name}=`);
}
