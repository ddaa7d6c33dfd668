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
  create: define('create', CREATE_LUA, 2, '2ef0daf7b6b3c50a95d13018b2f83e82a37ce73e'),
  get: define('get', GET_LUA, 1, '3dcf9167149d9efdfd2756d2eb8ef3144f5ce821'),
  update: define('update', UPDATE_LUA, 1, '196775a993494f55ea2156a67e6ccf4672c68db0'),
  revoke: define('revoke', REVOKE_LUA, 1, '81889c3584b2c42a8a0840521ec6a08921d0c059'),
  revokeAll: define('revokeAll', REVOKE_ALL_LUA, 1, '1773a447685fc8ec6526ca243cbd440209705d02'),
  revokeOthers: define(
    'revokeOthers',
    REVOKE_OTHERS_LUA,
    2,
    'f0a19f33595a66a336aecd7c677a20eac173f281',
  ),
  rotate: define('rotate', ROTATE_LUA, 2, '9a7055bace1172aa4115ec6f20c196a565a79a8e'),
  list: define('list', LIST_LUA, 1, '99745540120d6ce4a040ee817fad395520912884'),
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
