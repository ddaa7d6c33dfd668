import { COVER_LUA, HEADER_LUA, REST_LUA, SLOT_LUA, STORE_LUA } from './record-lua.js';

/** Lua of `update`: patch a live record; never writes to one that is gone, expired or revoked. */
export const UPDATE_LUA = `${HEADER_LUA}${SLOT_LUA}${STORE_LUA}${COVER_LUA}${REST_LUA}
-- KEYS[1] record
-- ARGV[1] now, ARGV[2] absoluteMs, ARGV[3] lastActivity or '', ARGV[4] expiresAt or '',
-- ARGV[5] '1' when ARGV[6] holds a new scope field
-- Reply: 1 updated; 0 not live (nothing written); -1 undecodable
local now = tonumber(ARGV[1])
local raw = redis.pcall('GET', KEYS[1])
if raw == false then return 0 end
local c, e, l, r, did, ep, _, dp = header(raw)
if not c then return -1 end
-- The whole record is checked, not only its header: a patch must not make a damaged record
-- readable again (a new scope would replace a damaged one).
local scope, meta = rest(raw, dp, did)
if not scope then return -1 end
if r ~= '' or e <= now then return 0 end
if ARGV[3] ~= '' then l = tonumber(ARGV[3]) end
if ARGV[5] == '1' then scope = ARGV[6] end
if ARGV[4] ~= '' then
  e = tonumber(ARGV[4])
  local absolute = tonumber(ARGV[2])
  if absolute > 0 and e > c + absolute then e = c + absolute end
  local index = index_of(KEYS[1], did)
  -- The entry's score is an expiry floor: an expiry set lower must lower it too.
  redis.call('ZADD', index, 'XX', e, entry_of(KEYS[1], c))
  cover(index, e, now)
end
local head = string.sub(raw, 1, ep - 1)
store(KEYS[1], head .. off(e - c) .. '|' .. off(l - c) .. '||' .. did .. '|' .. scope .. '|' .. meta, e - now)
return 1
`;
