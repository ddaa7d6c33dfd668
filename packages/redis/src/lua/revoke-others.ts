import { COVER_LUA, HEADER_LUA, SLOT_LUA, STORE_LUA, UNINDEX_LUA, WALK_LUA } from './record-lua.js';

/** Lua of `revokeOthers`: revoke every live session of the user but the kept one. */
export const REVOKE_OTHERS_LUA = `${HEADER_LUA}${SLOT_LUA}${STORE_LUA}${COVER_LUA}${UNINDEX_LUA}${WALK_LUA}
-- KEYS[1] user index, KEYS[2] record to keep (same slot)
-- ARGV[1] now, ARGV[2] retentionMs
-- Reply: { revoked ids oldest first, ids whose record header is unreadable }; nil, revoking
-- nothing, when the kept record is not a live session of this index's user; -1 when its header
-- is unreadable
local now = tonumber(ARGV[1])
local retention = tonumber(ARGV[2])
local raw = redis.pcall('GET', KEYS[2])
if raw == false then return nil end
local c, e, _, r, did = header(raw)
if not c then return -1 end
if r ~= '' or e <= now or index_of(KEYS[2], did) ~= KEYS[1] then return nil end
local kept = entry_of(KEYS[2], c)
local entries, raws, rps, dps, corrupt = walk(KEYS[1], now, false)
local base = base_of(KEYS[1])
local revoked = {}
for i = 1, #entries do
  if entries[i] ~= kept then
    revoke(key_of(base, entries[i]), raws[i], rps[i], dps[i], now, retention)
    revoked[#revoked + 1] = id_of(entries[i])
  end
end
-- Every other entry is now revoked or dead: the index keeps the kept session alone, scored by
-- its expiry, with a TTL that covers it.
redis.call('DEL', KEYS[1])
redis.call('ZADD', KEYS[1], e, kept)
cover(KEYS[1], e, now)
return { revoked, corrupt }
`;
