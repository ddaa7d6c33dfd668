import { RECORD_LUA } from './record-lua.js';

/** Lua of `rotate`: copy a live record to a new id and revoke the old one (never RENAME). */
export const ROTATE_LUA = `${RECORD_LUA}
-- KEYS[1] old record, KEYS[2] new record (same slot)
-- ARGV[1] now, ARGV[2] idleMs, ARGV[3] absoluteMs, ARGV[4] retentionMs
-- Reply: the new record text; nil when the old one is not live; -1 when it is undecodable
local now = tonumber(ARGV[1])
local rec = load(KEYS[1])
if rec == false then return -1 end
if not live(rec, now) then return nil end
if redis.call('EXISTS', KEYS[2]) == 1 then return redis.error_reply('ERR coatcheck: session id collision') end
local fresh = { c = rec.c, e = capped(rec, now + tonumber(ARGV[2]), tonumber(ARGV[3])), l = now,
                r = '', did = rec.did, scope = rec.scope, meta = rec.meta }
local index = index_of(KEYS[1], rec.did)
store(KEYS[2], fresh, fresh.e - now)
revoke(KEYS[1], rec, now, tonumber(ARGV[4]))
redis.call('ZREM', index, member_of(KEYS[1]))
redis.call('ZADD', index, fresh.c, member_of(KEYS[2]))
cover(index, fresh.e, now)
return encode(fresh)
`;
