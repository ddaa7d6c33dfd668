import { HEADER_LUA, SLOT_LUA, STORE_LUA, WALK_LUA } from './record-lua.js';

/** Lua of `revokeAll`: revoke every live session in the user's index and drop the index. */
export const REVOKE_ALL_LUA = `${HEADER_LUA}${SLOT_LUA}${STORE_LUA}${WALK_LUA}
-- KEYS[1] user index
-- ARGV[1] now, ARGV[2] retentionMs
-- Reply: { revoked members oldest first, members whose record header is unreadable }
local now = tonumber(ARGV[1])
local retention = tonumber(ARGV[2])
-- No pruning: the whole index goes.
local members, raws, rps, dps, corrupt = walk(KEYS[1], now, false)
local base = base_of(KEYS[1])
for i = 1, #members do
  revoke(base .. members[i], raws[i], rps[i], dps[i], now, retention)
end
redis.call('DEL', KEYS[1])
return { members, corrupt }
`;
