import { compactLua } from './compact-lua.js';
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
  /** The Lua source as sent (comments and indentation dropped by {@link compactLua}). */
  readonly script: string;
  /** SHA1 of `script` in lower-case hex, as `SCRIPT LOAD` returns it (checked by a unit test). */
  readonly sha1: string;
  /** How many leading arguments are keys (`KEYS[]`); the rest are `ARGV[]`. */
  readonly numberOfKeys: number;
}

function define(name: ScriptName, script: string, numberOfKeys: number, sha1: string): RedisScript {
  return Object.freeze({ name, script: compactLua(script), sha1, numberOfKeys });
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
  create: define('create', CREATE_LUA, 2, 'b936d03381455c1262eb2f0be5bd2c61d5f4693c'),
  get: define('get', GET_LUA, 1, '8841494ffe6733f94cb34adbef59b177e2099695'),
  update: define('update', UPDATE_LUA, 1, 'ca8042d8777ed77a18b56436aba8d14f40893d94'),
  revoke: define('revoke', REVOKE_LUA, 1, '9d4df1ab1efcf340cc0d4c75053c293fe65fcea6'),
  revokeAll: define('revokeAll', REVOKE_ALL_LUA, 1, '26fa2d848eb6a640067e147af82ac59c3d8bf780'),
  revokeOthers: define(
    'revokeOthers',
    REVOKE_OTHERS_LUA,
    2,
    '7e5fe1af4d06219a2a5a3e8d1f18af50e7b46ea7',
  ),
  rotate: define('rotate', ROTATE_LUA, 2, 'bd900c33c2c6f1c28b6fcef096e52ef1f69121df'),
  list: define('list', LIST_LUA, 1, '247edf0475b7d17a57c5f6cdaae42a50952f1a24'),
  revokeToken: define(
    'revokeToken',
    REVOKE_TOKEN_LUA,
    1,
    '80794e578dcdd1fc24e621428a4fae594cbb38ea',
  ),
  isTokenRevoked: define(
    'isTokenRevoked',
    IS_TOKEN_REVOKED_LUA,
    1,
    '44ab8849aafe2e88060066941fbd6ed84f076da9',
  ),
});
