import { COVER_LUA, HEADER_LUA, SLOT_LUA, STORE_LUA, WALK_LUA } from './record-lua.js';

/** Lua of `create`: store, index, and evict the oldest live sessions over the limit. */
export const CREATE_LUA = `${HEADER_LUA}${SLOT_LUA}${STORE_LUA}${COVER_LUA}${WALK_LUA}
-- KEYS[1] new record, KEYS[2] user index (same slot)
-- ARGV[1] now, ARGV[2] maxSessions, ARGV[3] retentionMs, ARGV[4] record text
-- Reply: { evicted members oldest first, members whose record header is unreadable }
local now = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local retention = tonumber(ARGV[3])
local c, e, _, r = header(ARGV[4])
if not c or r ~= '' or e <= now then return redis.error_reply('ERR coatcheck: malformed record') end
if not redis.call('SET', KEYS[1], ARGV[4], 'PX', e - now, 'NX') then
  return redis.error_reply('ERR coatcheck: session id collision')
end
local mine = member_of(KEYS[1])
redis.call('ZADD', KEYS[2], c, mine)
cover(KEYS[2], e, now)
-- With no more members than the limit there is nothing to evict, and nothing to read: dead
-- members wait for the next walk (list, or a create over the limit), and the index's TTL.
if redis.call('ZCARD', KEYS[2]) <= max then return { {}, {} } end
-- Count only live sessions, and evict the oldest (createdAt, then id) but never the new one:
-- it may share its millisecond with an older session whose id sorts after it, and a create
-- must not hand back a revoked session.
local members, raws, rps, dps, corrupt = walk(KEYS[2], now, true)
local excess = #members - max
local base = base_of(KEYS[2])
local evicted = {}
for i = 1, #members do
  if #evicted >= excess then break end
  if members[i] ~= mine then
    revoke(base .. members[i], raws[i], rps[i], dps[i], now, retention)
    evicted[#evicted + 1] = members[i]
  end
end
unindex(KEYS[2], evicted)
return { evicted, corrupt }
`;
