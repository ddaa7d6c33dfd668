import type { Did } from '@coatcheck/core';

/**
 * Where the adapter keeps each thing, under `keyPrefix`:
 *
 * - `s:<id>`: the session record (live, or revoked and kept for the retention time);
 * - `r:<id>`: the revocation marker, which no refresh ever writes;
 * - `u:<sha256(did)>`: the user's index;
 * - `t:<sha256(jti)>`: a blacklisted token id.
 *
 * DIDs (up to 2048 characters) and token ids are hashed so every key stays short: SQL stores
 * of Keyv default to 255-character keys, and a token id never sits in a key in clear.
 */
export class KeyLayout {
  readonly #prefix: string;

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  record(id: string): string {
    return `${this.#prefix}s:${id}`;
  }

  marker(id: string): string {
    return `${this.#prefix}r:${id}`;
  }

  async index(did: Did): Promise<string> {
    return `${this.#prefix}u:${await sha256(did)}`;
  }

  async token(jti: string): Promise<string> {
    return `${this.#prefix}t:${await sha256(jti)}`;
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)),
  );
  let hex = '';
  for (const byte of digest) hex += HEX[byte];
  return hex;
}
