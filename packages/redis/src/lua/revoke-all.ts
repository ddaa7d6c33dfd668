import { RECORD_LUA } from './record-lua.js';

/** Lua of `revokeAll`: revoke every live session in the user's index and drop the index. */
export const REVOKE_ALL_LUA = `${RECORD_LUA}
-- KEYS[1] user index
-- ARGV[1] now, ARGV[2] retentionMs
-- Reply: { revoked members oldest first, undecodable members }
local now = tonumber(ARGV[1])
local retention = tonumber(ARGV[2])
local alive, corrupt = walk(KEYS[1], now)
local revoked = {}
for _, s in ipairs(alive) do
  revoke(s.key, s.rec, now, retention)
  revoked[#revoked + 1] = s.member
end
redis.call('DEL', KEYS[1])
return { revoked, corrupt }
`;
