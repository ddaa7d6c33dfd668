import { HEADER_LUA, SLOT_LUA, STORE_LUA } from './record-lua.js';

/** Lua of `revoke`: mark a live record revoked, keep it for retention, drop it from its index. */
export const REVOKE_LUA = `${HEADER_LUA}${SLOT_LUA}${STORE_LUA}
-- KEYS[1] record
-- ARGV[1] now, ARGV[2] retentionMs
-- Reply: the owner's DID; nil when nothing live was there; -1 when its header is unreadable
local now = tonumber(ARGV[1])
local raw = redis.pcall('GET', KEYS[1])
if raw == false then return nil end
local c, e, _, r, did, _, rp, dp = header(raw)
if not c then return -1 end
if r ~= '' or e <= now then return nil end
revoke(KEYS[1], raw, rp, dp, now, tonumber(ARGV[2]))
redis.call('ZREM', index_of(KEYS[1], did), entry_of(KEYS[1], c))
return did
`;
