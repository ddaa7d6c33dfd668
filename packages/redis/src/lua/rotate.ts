import { COVER_LUA, HEADER_LUA, REST_LUA, SLOT_LUA, STORE_LUA } from './record-lua.js';

/** Lua of `rotate`: copy a live record to a new id and revoke the old one (never RENAME). */
export const ROTATE_LUA = `${HEADER_LUA}${SLOT_LUA}${STORE_LUA}${COVER_LUA}${REST_LUA}
-- KEYS[1] old record, KEYS[2] new record (same slot)
-- ARGV[1] now, ARGV[2] idleMs, ARGV[3] absoluteMs, ARGV[4] retentionMs
-- Reply: the new record text; nil when the old one is not live; -1 when it is undecodable
local now = tonumber(ARGV[1])
local raw = redis.pcall('GET', KEYS[1])
if raw == false then return nil end
local c, e, _, r, did, ep, rp, dp = header(raw)
-- The whole record is checked here, not only its header: a damaged one is never copied.
if not c or not rest(raw, dp, did) then return -1 end
if r ~= '' or e <= now then return nil end
e = now + tonumber(ARGV[2])
local absolute = tonumber(ARGV[3])
if absolute > 0 and e > c + absolute then e = c + absolute end
local fresh = string.sub(raw, 1, ep - 1) .. off(e - c) .. '|' .. off(now - c) .. '||' .. string.sub(raw, dp)
if redis.call('EXISTS', KEYS[2]) == 1 then return redis.error_reply('ERR coatcheck: session id collision') end
local index = index_of(KEYS[1], did)
store(KEYS[2], fresh, e - now)
revoke(KEYS[1], raw, rp, dp, now, tonumber(ARGV[4]))
-- The copy keeps createdAt: its entry sorts where the old one did, scored by its expiry.
redis.call('ZREM', index, entry_of(KEYS[1], c))
redis.call('ZADD', index, e, entry_of(KEYS[2], c))
cover(index, e, now)
return fresh
`;
