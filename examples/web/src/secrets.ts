const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Keyed hashes the app derives from its secret: CSRF tokens bound to a session, and opaque
 * handles that name another device on the page without putting its session id into HTML.
 */
export class AppSecrets {
  readonly #key: Promise<CryptoKey>;
  /** The raw secret, for `hono/jwt`, which imports its own HMAC key. */
  readonly jwtSecret: string;

  /** @param secret - at least 32 characters; every instance of the app must share it. */
  constructor(secret: string) {
    if (secret.length < 32) throw new Error('APP_SECRET must be at least 32 characters');
    this.jwtSecret = secret;
    this.#key = crypto.subtle.importKey(
      'raw',
      encoder.encode(`coatcheck-example:${secret}`),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
  }

  /** A random secret, for when none is configured (sessions then outlive CSRF tokens on restart). */
  static random(): string {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
  }

  async #mac(purpose: string, value: string, bytes: number): Promise<string> {
    const signature = await crypto.subtle.sign(
      'HMAC',
      await this.#key,
      encoder.encode(`${purpose}\0${value}`),
    );
    return base64url(new Uint8Array(signature, 0, bytes));
  }

  /** The CSRF token for forms shown to the holder of `sessionId`. */
  csrfToken(sessionId: string): Promise<string> {
    return this.#mac('csrf', sessionId, 32);
  }

  /** Whether `token` is the CSRF token of `sessionId` (constant-time comparison). */
  async checkCsrfToken(sessionId: string, token: unknown): Promise<boolean> {
    if (typeof token !== 'string') return false;
    return constantTimeEqual(await this.csrfToken(sessionId), token);
  }

  /** An opaque, stable name for a session, safe to show in a page. */
  deviceHandle(sessionId: string): Promise<string> {
    return this.#mac('device', sessionId, 16);
  }
}

/** String equality whose time does not depend on where the strings differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
