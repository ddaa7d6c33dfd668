import { INDEX_LUA, WALK_LUA } from './index-lua.js';
import { QUEUE_LUA, RETIRE_LUA } from './queue-lua.js';
import { HEADER_LUA, STORE_LUA } from './record-lua.js';

/** Lua of `create`: store a record and evict the user's oldest live sessions over the limit. */
export const CREATE_LUA = `${HEADER_LUA}${STORE_LUA}${QUEUE_LUA}${RETIRE_LUA}${INDEX_LUA}${WALK_LUA}
-- KEYS[1] bucket hash
-- ARGV[1] now, ARGV[2] maxSessions, ARGV[3] retentionMs, ARGV[4] field, ARGV[5] record text
-- Reply: { evicted fields oldest first, unreadable fields }. A re-run (the same field already
-- holds a record with the same secret hash) replies with what the first run evicted, which
-- the new record remembers in its mark.
local now = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local c, e, _, k, m, h, did, _, _, mp = record(ARGV[5])
if not c or k ~= '' or m ~= '' or e <= now then return redis.error_reply('ERR coatcheck: malformed record') end
local existing = redis.call('HGET', KEYS[1], ARGV[4])
if existing then
  local c2, _, _, _, m2, h2 = record(existing)
  if c2 and h2 == h then
    local evicted = {}
    for f in string.gmatch(m2, '[^,]+') do evicted[#evicted + 1] = f end
    return { evicted, {} }
  end
  return redis.error_reply('ERR coatcheck: session id collision')
end
local index = listed()
local victims, dead, corrupt, gone = {}, {}, {}, {}
-- The index's entries (any user's, live or not yet found dead) bound the user's live sessions:
-- at or under the limit, nothing to evict and no record to read.
if #index + 1 > max then
  local live
  live, _, dead, corrupt, gone = walk(now, did, index)
  local excess = #live + 1 - max
  if excess > 0 then
    -- Oldest first (createdAt, then id); the new record is never among them.
    table.sort(live, oldest_first)
    for i = 1, excess do victims[i] = live[i] end
  end
end
local q = queue(now)
-- Every read is done: from here on, only writes.
local evicted, last = {}, e
for i, s in ipairs(victims) do
  evicted[i] = s[2]
  gone[s[2]] = true
  last = math.max(last, retire(q, s[2], s[3], s[1], did, s[4], s[5], s[6], now, tonumber(ARGV[3]), ARGV[4], false))
end
prune(dead)
flush(q)
redis.call('HSET', KEYS[1], ARGV[4], string.sub(ARGV[5], 1, mp - 1) .. table.concat(evicted, ',') .. string.sub(ARGV[5], mp))
relist(index, gone, ARGV[4])
cover(last, now)
return { evicted, corrupt }
`;
