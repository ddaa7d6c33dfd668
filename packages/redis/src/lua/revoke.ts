import { RECORD_LUA } from './record-lua.js';

/** Lua of `revoke`: mark a live record revoked, keep it for retention, drop it from its index. */
export const REVOKE_LUA = `${RECORD_LUA}
-- KEYS[1] record
-- ARGV[1] now, ARGV[2] retentionMs
-- Reply: the owner's DID; nil when nothing live was there; -1 when undecodable
local now = tonumber(ARGV[1])
local rec = load(KEYS[1])
if rec == false then return -1 end
if not live(rec, now) then return nil end
revoke(KEYS[1], rec, now, tonumber(ARGV[2]))
redis.call('ZREM', index_of(KEYS[1], rec.did), member_of(KEYS[1]))
return rec.did
`;
