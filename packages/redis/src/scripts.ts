import { compactLua } from './compact-lua.js';
import { CREATE_LUA } from './lua/create.js';
import { GET_LUA } from './lua/get.js';
import { LIST_LUA } from './lua/list.js';
import { REVOKE_LUA } from './lua/revoke.js';
import { REVOKE_ALL_LUA, REVOKE_OTHERS_LUA } from './lua/revoke-many.js';
import { ROTATE_LUA } from './lua/rotate.js';
import { IS_TOKEN_REVOKED_LUA, REVOKE_TOKEN_LUA } from './lua/tokens.js';
import { UPDATE_LUA } from './lua/update.js';
import { SCRIPT_SHA1 } from './script-sha1.js';

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
 * Which servers a script set is written for: `redis` (Redis 7 and Valkey, with the `allow-oom`
 * and `no-writes` flags) or `upstash` (Upstash's `allow-key-locking`). Both sets have the same
 * bodies and read and write the same data.
 */
export type ScriptVariant = 'redis' | 'upstash';

/**
 * One Lua script with what a client needs to send it: `EVALSHA sha1 numberOfKeys ...`, and
 * `EVAL script ...` only after a `NOSCRIPT` reply.
 */
export interface RedisScript {
  /** The operation it implements. */
  readonly name: ScriptName;
  /** The server family this copy's flags are for. */
  readonly variant: ScriptVariant;
  /** The Lua source as sent: a `#!lua` line with the flags, then the compacted body. */
  readonly script: string;
  /** SHA1 of `script` in lower-case hex, as `SCRIPT LOAD` returns it (checked by a unit test). */
  readonly sha1: string;
  /** How many leading arguments are keys (`KEYS[]`); always 1: every script touches one key. */
  readonly numberOfKeys: number;
}

/**
 * What each script may do beyond the default. Revocations and reads run when memory is full
 * (`allow-oom`: under `noeviction` a sign-out must still work, and it frees memory); creates,
 * updates and rotations do not (they reject with `OOM`, nothing written).
 */
const SOURCES: Readonly<Record<ScriptName, { lua: string; oom: boolean; readOnly?: true }>> = {
  create: { lua: CREATE_LUA, oom: false },
  get: { lua: GET_LUA, oom: true },
  update: { lua: UPDATE_LUA, oom: false },
  revoke: { lua: REVOKE_LUA, oom: true },
  revokeAll: { lua: REVOKE_ALL_LUA, oom: true },
  revokeOthers: { lua: REVOKE_OTHERS_LUA, oom: true },
  rotate: { lua: ROTATE_LUA, oom: false },
  list: { lua: LIST_LUA, oom: true },
  revokeToken: { lua: REVOKE_TOKEN_LUA, oom: true },
  isTokenRevoked: { lua: IS_TOKEN_REVOKED_LUA, oom: true, readOnly: true },
};

function shebang(variant: ScriptVariant, oom: boolean, readOnly: boolean): string {
  const flags =
    variant === 'upstash'
      ? ['allow-key-locking', ...(readOnly ? ['no-writes'] : [])]
      : [...(readOnly ? ['no-writes'] : []), ...(oom ? ['allow-oom'] : [])];
  return flags.length === 0 ? '#!lua' : `#!lua flags=${flags.join(',')}`;
}

function build(variant: ScriptVariant): Readonly<Record<ScriptName, RedisScript>> {
  const out = {} as Record<ScriptName, RedisScript>;
  for (const [name, { lua, oom, readOnly }] of Object.entries(SOURCES) as [
    ScriptName,
    (typeof SOURCES)[ScriptName],
  ][]) {
    out[name] = Object.freeze({
      name,
      variant,
      script: `${shebang(variant, oom, readOnly === true)}\n${compactLua(lua)}`,
      sha1: SCRIPT_SHA1[variant][name],
      numberOfKeys: 1,
    });
  }
  return Object.freeze(out);
}

/**
 * Every script, by operation, with the flags of Redis 7 and Valkey. The SHA1s are literals (no
 * hashing at runtime, so the package needs no crypto); a unit test recomputes them.
 *
 * @example
 * ```ts
 * const { sha1, script, numberOfKeys } = SCRIPTS.get;
 * ```
 */
export const SCRIPTS: Readonly<Record<ScriptName, RedisScript>> = build('redis');

/** The same scripts with Upstash's flags (`allow-key-locking`); the data stays the same. */
export const UPSTASH_SCRIPTS: Readonly<Record<ScriptName, RedisScript>> = build('upstash');
