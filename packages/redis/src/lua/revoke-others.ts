import { RECORD_LUA } from './record-lua.js';

/** Lua of `revokeOthers`: revoke every live session of the user but the kept one. */
export const REVOKE_OTHERS_LUA = `${RECORD_LUA}
-- KEYS[1] user index, KEYS[2] record to keep (same slot)
-- ARGV[1] now, ARGV[2] retentionMs
-- Reply: { revoked members oldest first, undecodable members }; nil, revoking nothing, when
-- the kept record is not a live session of this index's user; -1 when it is undecodable
local now = tonumber(ARGV[1])
local retention = tonumber(ARGV[2])
local keep = load(KEYS[2])
if keep == false then return -1 end
if not live(keep, now) or index_of(KEYS[2], keep.did) ~= KEYS[1] then return nil end
local kept = member_of(KEYS[2])
local alive, corrupt = walk(KEYS[1], now)
local revoked = {}
for _, s in ipairs(alive) do
  if s.member ~= kept then
    revoke(s.key, s.rec, now, retention)
    redis.call('ZREM', KEYS[1], s.member)
    revoked[#revoked + 1] = s.member
  end
end
return { revoked, corrupt }
`;
