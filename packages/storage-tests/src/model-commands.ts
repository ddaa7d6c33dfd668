import fc from 'fast-check';

/** One step of a random history; `pick` chooses among the sessions issued so far. */
export type Command =
  | { readonly kind: 'create'; readonly user: number; readonly max: number }
  | { readonly kind: 'get'; readonly pick: number; readonly rightSecret: boolean }
  | { readonly kind: 'update'; readonly pick: number; readonly patch: 'scope' | 'sooner' | 'later' }
  | { readonly kind: 'revoke'; readonly pick: number; readonly owner: 'none' | 'right' | 'other' }
  | { readonly kind: 'revokeAll'; readonly user: number }
  | { readonly kind: 'revokeOthers'; readonly user: number; readonly pick: number }
  | { readonly kind: 'rotate'; readonly pick: number }
  | { readonly kind: 'list'; readonly user: number; readonly includeRevoked: boolean }
  | { readonly kind: 'revokeToken'; readonly jti: number; readonly ttlMs: number }
  | { readonly kind: 'isTokenRevoked'; readonly jti: number }
  | { readonly kind: 'advance'; readonly ms: number };

const user = fc.nat({ max: 1 });
const pick = fc.nat({ max: 40 });
export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('create'),
      user,
      max: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('get'), pick, rightSecret: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('update'),
      pick,
      patch: fc.constantFrom('scope', 'sooner', 'later'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('revoke'),
      pick,
      owner: fc.constantFrom('none', 'right', 'other'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revokeAll'), user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revokeOthers'), user, pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rotate'), pick }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('list'), user, includeRevoked: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('revokeToken'),
      jti: fc.nat({ max: 2 }),
      // Redis expires a key on its own clock, not the test's: a blacklist entry shorter than
      // the history's real run time (a 3 ms one failed once) would vanish while the model's
      // clock still holds it. 10 s and up, like the sessions; advances reach its expiry.
      ttlMs: fc.integer({ min: 10_000, max: 30_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('isTokenRevoked'), jti: fc.nat({ max: 2 }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('advance'), ms: fc.integer({ min: 1, max: 8_000 }) }),
  },
) as fc.Arbitrary<Command>;

export const policyArb = fc.record({
  idleMs: fc.constantFrom(10_000, 25_000),
  absoluteMs: fc.constantFrom(0, 30_000),
  touchIntervalMs: fc.constantFrom(0, 3_000),
  retentionMs: fc.constantFrom(0, 15_000),
});
