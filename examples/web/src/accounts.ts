import type { Did } from '@coatcheck/core';
import { type PasswordHash, verifyPassword } from './password.js';

/** A user who can sign in to the example app. */
export interface Account {
  /** What the user types on the sign-in form. */
  readonly username: string;
  /** Shown in the header. */
  readonly displayName: string;
  /** The user's DID: what coatcheck keys sessions on. */
  readonly did: Did;
  /** Scopes granted to this user's sessions. */
  readonly scope: readonly string[];
  /** The password, hashed; the plain password is never kept. */
  readonly password: PasswordHash;
}

/**
 * The demo accounts. Their passwords (printed on the sign-in page, since this is a demo) were
 * hashed once with `hashPassword` (600,000 PBKDF2 iterations); only the hashes live here.
 */
export const DEMO_ACCOUNTS: readonly Account[] = Object.freeze([
  {
    username: 'alice',
    displayName: 'Alice',
    did: 'did:plc:alicedemoqzx4k7mbr2wtn5ye',
    scope: ['atproto', 'transition:generic'],
    password: {
      salt: '1LzvaBGbVK4Wo6T6YirKNw==',
      hash: 'Tz+G4ESG2j9d4XtSkc/Hoc4++wWGV0ONbqqWt/C5AZ8=',
      iterations: 600_000,
    },
  },
  {
    username: 'bob',
    displayName: 'Bob',
    did: 'did:plc:bobdemo3vhxq6nzk2mtr7wpya',
    scope: ['atproto'],
    password: {
      salt: 'MxvEslfBTRSziJVj9ltySA==',
      hash: 'lk3W7uvOfZHQi1RKdFQdnv+UnrJ+HoMbZarsrJUJkw8=',
      iterations: 600_000,
    },
  },
  {
    username: 'carol',
    displayName: 'Carol',
    did: 'did:web:carol.example.com',
    scope: ['atproto', 'transition:chat.bsky'],
    password: {
      salt: 'ctuIpybrVxQ2C15/PCOZqQ==',
      hash: 'yXPoh7yM4W/07RNFICSwrC8V8xCl0JTuAf2QIGJCrlA=',
      iterations: 600_000,
    },
  },
]);

/** The demo passwords, for the hint on the sign-in page only. */
export const DEMO_PASSWORD_HINTS: Readonly<Record<string, string>> = Object.freeze({
  alice: 'wonderland-rabbit-hole',
  bob: 'builder-can-we-fix-it',
  carol: 'carol-sings-in-december',
});

/** The account whose username and password match, or `null`. */
export async function authenticate(
  accounts: readonly Account[],
  username: string,
  password: string,
): Promise<Account | null> {
  const account = accounts.find((candidate) => candidate.username === username);
  // An unknown username is checked against another account's hash, so that it costs as much time
  // as a wrong password and response times do not tell which usernames exist.
  const stored: PasswordHash | undefined = account?.password ?? accounts[0]?.password;
  if (!stored) return null;
  const ok = await verifyPassword(password, stored);
  return account && ok ? account : null;
}
