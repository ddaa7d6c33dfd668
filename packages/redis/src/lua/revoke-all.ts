import { HEADER_LUA, SLOT_LUA, STORE_LUA, UNINDEX_LUA, WALK_LUA } from './record-lua.js';

/** Lua of `revokeAll`: revoke every live session in the user's index and drop the index. */
export const REVOKE_ALL_LUA = `${HEADER_LUA}${SLOT_LUA}${STORE_LUA}${UNINDEX_LUA}${WALK_LUA}
-- KEYS[1] user index
-- ARGV[1] now, ARGV[2] retentionMs
-- Reply: { revoked ids oldest first, ids whose record header is unreadable }
local now = tonumber(ARGV[1])
local retention = tonumber(ARGV[2])
-- No pruning: the whole index goes.
local entries, raws, rps, dps, corrupt = walk(KEYS[1], now, false)
local base = base_of(KEYS[1])
local revoked = {}
for i = 1, #entries do
  revoke(key_of(base, entries[i]), raws[i], rps[i], dps[i], now, retention)
  revoked[i] = id_of(entries[i])
end
redis.call('DEL', KEYS[1])
return { revoked, corrupt }
`;
