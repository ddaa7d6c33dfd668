function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The app's key material: the HMAC secret of the demo JWTs. Sessions need none: the cookie
 * holds coatcheck's token, and `@coatcheck/hono` refuses cross-site forms by their origin.
 */
export class AppSecrets {
  /** The raw secret, for `hono/jwt`, which imports its own HMAC key. */
  readonly jwtSecret: string;

  /** @param secret - at least 32 characters; every instance of the app must share it. */
  constructor(secret: string) {
    if (secret.length < 32) throw new Error('APP_SECRET must be at least 32 characters');
    this.jwtSecret = secret;
  }

  /** A random secret, for when none is configured (demo JWTs then die with the process). */
  static random(): string {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
  }
}
