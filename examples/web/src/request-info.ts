import type { Context } from 'hono';

/**
 * Whether the browser reached the app over HTTPS: the request URL says so, or, behind a
 * TLS-terminating proxy the app was told to trust, `X-Forwarded-Proto` does.
 */
export function isHttps(request: Request, trustProxy: boolean): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  if (!trustProxy) return false;
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https';
}

/**
 * The origin the browser sees: it decides the cookie's `Secure` and `__Host-` and is what the
 * cross-site check compares `Origin` with. Behind a trusted proxy, from `X-Forwarded-*`.
 */
export function publicOrigin(request: Request, trustProxy: boolean): string {
  const url = new URL(request.url);
  if (!trustProxy) return url.origin;
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || url.host;
  return `${isHttps(request, true) ? 'https' : 'http'}://${host}`;
}

/**
 * The client's IP address: the first `X-Forwarded-For` hop when the proxy is trusted, else what
 * the runtime reports for the connection, else `'unknown'`. Cut to coatcheck's 64-character limit.
 */
export function clientIp(
  c: Context,
  trustProxy: boolean,
  fromRuntime?: (c: Context) => string | undefined,
): string {
  let ip: string | undefined;
  if (trustProxy) {
    ip =
      c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ||
      c.req.header('x-real-ip')?.trim() ||
      undefined;
  }
  ip ??= fromRuntime?.(c);
  return (ip || 'unknown').slice(0, 64);
}
