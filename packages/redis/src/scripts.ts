import { CREATE_LUA } from './lua/create.js';
import { GET_LUA } from './lua/get.js';
import { IS_TOKEN_REVOKED_LUA } from './lua/is-token-revoked.js';
import { LIST_LUA } from './lua/list.js';
import { REVOKE_LUA } from './lua/revoke.js';
import { REVOKE_ALL_LUA } from './lua/revoke-all.js';
import { REVOKE_OTHERS_LUA } from './lua/revoke-others.js';
import { REVOKE_TOKEN_LUA } from './lua/revoke-token.js';
import { ROTATE_LUA } from './lua/rotate.js';
import { UPDATE_LUA } from './lua/update.js';

/** The storage operations, one Lua script each. */
export type ScriptName =
  | 'create'
  | 'get'
  | 'update'
  | 'revoke'
  | 'revokeAll'
  | 'revokeOthers'
  | 'rotate'
  | 'list'
  | 'revokeToken'
  | 'isTokenRevoked';

/**
 * One Lua script with what a client needs to send it: `EVALSHA sha1 numberOfKeys ...`, and
 * `EVAL script ...` only after a `NOSCRIPT` reply.
 */
export interface RedisScript {
  /** The operation it implements. */
  readonly name: ScriptName;
  /** The Lua source. */
  readonly script: string;
  /** SHA1 of `script` in lower-case hex, as `SCRIPT LOAD` returns it (checked by a unit test). */
  readonly sha1: string;
  /** How many leading arguments are keys (`KEYS[]`); the rest are `ARGV[]`. */
  readonly numberOfKeys: number;
}

function define(name: ScriptName, script: string, numberOfKeys: number, sha1: string): RedisScript {
  return Object.freeze({ name, script, sha1, numberOfKeys });
}

/**
 * Every script, by operation. The SHA1s are literals (no hashing at runtime, so the package
 * needs no crypto); a unit test recomputes them.
 *
 * @example
 * ```ts
 * const { sha1, script, numberOfKeys } = SCRIPTS.get;
 * ```
 */
export const SCRIPTS: Readonly<Record<ScriptName, RedisScript>> = Object.freeze({
  create: define('create', CREATE_LUA, 2, 'e0127c585ead3f3c42574eda6d732387743d75e8'),
  get: define('get', GET_LUA, 1, '31ccb87a4331a90dec8c86b0538bd1984148f888'),
  update: define('update', UPDATE_LUA, 1, 'be20bbddbb4e089c59c123501addbd1a31f58174'),
  revoke: define('revoke', REVOKE_LUA, 1, 'a10dbea6170f1d6a3159414fa500147ecf4fc5cf'),
  revokeAll: define('revokeAll', REVOKE_ALL_LUA, 1, '72f8f3c0e8d1b6f6f597e9522041a1f3ce9a7c6d'),
  revokeOthers: define(
    'revokeOthers',
    REVOKE_OTHERS_LUA,
    2,
    '68f464e62670efbeeed3461484b8bdf63c872285',
  ),
  rotate: define('rotate', ROTATE_LUA, 2, '0b3f8924fff3d411ca7429bc031656b6ac655cc9'),
  list: define('list', LIST_LUA, 1, '5fe1fb4631e38b8acb55080593c293488a979eae'),
  revokeToken: define(
    'revokeToken',
    REVOKE_TOKEN_LUA,
    1,
    '43e6cfcecf396e26f8a228595c4890e450e95bb9',
  ),
  isTokenRevoked: define(
    'isTokenRevoked',
    IS_TOKEN_REVOKED_LUA,
    1,
    '13a1f3ea96c871062e4af9b4cb1bf5eff48a0dbb',
  ),
});
