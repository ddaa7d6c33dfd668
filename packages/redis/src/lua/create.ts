import {
  COVER_LUA,
  HEADER_LUA,
  SETTLE_LUA,
  SLOT_LUA,
  STORE_LUA,
  UNINDEX_LUA,
} from './record-lua.js';

/** Lua of `create`: store, index, and evict the oldest live sessions over the limit. */
export const CREATE_LUA = `${HEADER_LUA}${SLOT_LUA}${STORE_LUA}${COVER_LUA}${UNINDEX_LUA}${SETTLE_LUA}
-- KEYS[1] new record, KEYS[2] user index (same slot)
-- ARGV[1] now, ARGV[2] maxSessions, ARGV[3] retentionMs, ARGV[4] record text
-- Reply: { evicted ids oldest first, ids whose record header is unreadable }
local now = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local retention = tonumber(ARGV[3])
local c, e, _, r = header(ARGV[4])
if not c or r ~= '' or e <= now then return redis.error_reply('ERR coatcheck: malformed record') end
if not redis.call('SET', KEYS[1], ARGV[4], 'PX', e - now, 'NX') then
  return redis.error_reply('ERR coatcheck: session id collision')
end
local mine = entry_of(KEYS[1], c)
redis.call('ZADD', KEYS[2], e, mine)
cover(KEYS[2], e, now)
-- With no more entries than the limit there is nothing to evict, and nothing to read: dead
-- entries wait for the next list or create over the limit, and the index's TTL.
if redis.call('ZCARD', KEYS[2]) <= max then return { {}, {} } end
-- Over the limit: once settled, every entry left is a live session (see settle), so the count
-- needs no read; only the records evicted are read, to be revoked.
local corrupt = settle(KEYS[2], now)
local excess = redis.call('ZCARD', KEYS[2]) - max
local evicted = {}
if excess > 0 then
  local base = base_of(KEYS[2])
  local entries = redis.call('ZRANGE', KEYS[2], 0, -1)
  table.sort(entries)
  local gone = {}
  -- Oldest first (createdAt, then id), never the new session: it may share its millisecond
  -- with an older one whose id sorts after it, and a create must not hand back a revoked one.
  for _, entry in ipairs(entries) do
    if excess <= 0 then break end
    if entry ~= mine then
      local key = key_of(base, entry)
      local raw = redis.pcall('GET', key)
      local c2, e2, _, r2, _, _, rp, dp = header(raw)
      if c2 and r2 == '' and e2 > now then
        revoke(key, raw, rp, dp, now, retention)
        evicted[#evicted + 1] = id_of(entry)
      elseif raw ~= false and not c2 then
        corrupt[#corrupt + 1] = id_of(entry)
      end
      -- Evicted, or found dead after all: either way one fewer live session over the limit.
      gone[#gone + 1] = entry
      excess = excess - 1
    end
  end
  unindex(KEYS[2], gone)
end
return { evicted, corrupt }
`;
