import { INDEX_LUA } from './index-lua.js';
import { HEADER_LUA, REST_LUA, STORE_LUA } from './record-lua.js';

/** Lua of `update`: patch a live record; never writes to one that is gone, expired or revoked. */
export const UPDATE_LUA = `${HEADER_LUA}${STORE_LUA}${REST_LUA}${INDEX_LUA}
-- KEYS[1] bucket hash
-- ARGV[1] now, ARGV[2] field, ARGV[3] absoluteMs, ARGV[4] lastActivity or '',
-- ARGV[5] expiresAt or '', ARGV[6] '1' when ARGV[7] holds a new scope field
-- Reply: 1 updated; 0 not live (nothing written); -1 undecodable
local now = tonumber(ARGV[1])
local raw = redis.call('HGET', KEYS[1], ARGV[2])
if not raw then return 0 end
local c, e, l, k, _, _, did, ep, kp, _, dp = record(raw)
if not c then
  if receipt(raw) then return 0 end
  return -1
end
-- The whole record is checked, not only its header: a patch must not make a damaged record
-- readable again (a new scope would replace a damaged one).
local scope, meta = rest(raw, dp, did)
if not scope then return -1 end
if k ~= '' or e <= now then return 0 end
if ARGV[4] ~= '' then l = tonumber(ARGV[4]) end
if ARGV[6] == '1' then scope = ARGV[7] end
if ARGV[5] ~= '' then
  e = tonumber(ARGV[5])
  local absolute = tonumber(ARGV[3])
  if absolute > 0 and e > c + absolute then e = c + absolute end
end
if e <= now then
  -- Set to expire at once: the session is over.
  local index = listed()
  redis.call('HDEL', KEYS[1], ARGV[2])
  relist(index, { [ARGV[2]] = true })
  return 1
end
redis.call('HSET', KEYS[1], ARGV[2], string.sub(raw, 1, ep - 1) .. off(e - c) .. '|' .. off(l - c) .. string.sub(raw, kp - 1, dp + #did) .. scope .. '|' .. meta)
cover(e, now)
return 1
`;
