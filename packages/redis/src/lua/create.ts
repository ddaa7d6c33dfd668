import { RECORD_LUA } from './record-lua.js';

/** Lua of `create`: store, index, and evict the oldest live sessions over the limit. */
export const CREATE_LUA = `${RECORD_LUA}
-- KEYS[1] new record, KEYS[2] user index (same slot)
-- ARGV[1] now, ARGV[2] maxSessions, ARGV[3] retentionMs, ARGV[4] record text
-- Reply: { evicted members oldest first, undecodable members dropped from the index }
local now = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local retention = tonumber(ARGV[3])
local rec = parse(ARGV[4])
if not rec or rec.e <= now then return redis.error_reply('ERR coatcheck: malformed record') end
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('ERR coatcheck: session id collision') end
redis.call('SET', KEYS[1], ARGV[4], 'PX', rec.e - now)
redis.call('ZADD', KEYS[2], rec.c, member_of(KEYS[1]))
cover(KEYS[2], rec.e, now)
-- Count only live sessions, and evict the oldest (createdAt, then id) but never the new one:
-- it may share its millisecond with an older session whose id sorts after it, and a create
-- must not hand back a revoked session.
local alive, corrupt = walk(KEYS[2], now)
local mine = member_of(KEYS[1])
local excess = #alive - max
local evicted = {}
for _, s in ipairs(alive) do
  if #evicted >= excess then break end
  if s.member ~= mine then
    revoke(s.key, s.rec, now, retention)
    redis.call('ZREM', KEYS[2], s.member)
    evicted[#evicted + 1] = s.member
  end
end
return { evicted, corrupt }
`;
