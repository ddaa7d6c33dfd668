import { COVER_LUA, HEADER_LUA, SLOT_LUA, STORE_LUA } from './record-lua.js';

/** Lua of `get`: read a live record, sliding its expiry when the touch interval has passed. */
export const GET_LUA = `${HEADER_LUA}${SLOT_LUA}${STORE_LUA}${COVER_LUA}
-- KEYS[1] record
-- ARGV[1] now, ARGV[2] idleMs, ARGV[3] absoluteMs, ARGV[4] touchIntervalMs
-- Reply: the record text as stored after the step; nil when not live; -1 when its header is
-- unreadable (the rest is the TypeScript decoder's to check)
local now = tonumber(ARGV[1])
local raw = redis.pcall('GET', KEYS[1])
if raw == false then return nil end
local c, e, l, r, did, ep, _, dp = header(raw)
if not c then return -1 end
if r ~= '' or e <= now then return nil end
if now - l >= tonumber(ARGV[4]) then
  e = now + tonumber(ARGV[2])
  local absolute = tonumber(ARGV[3])
  if absolute > 0 and e > c + absolute then e = c + absolute end
  -- Only the header changes: the rest is copied as it is, from the DID on.
  raw = string.sub(raw, 1, ep - 1) .. off(e - c) .. '|' .. off(now - c) .. '||' .. string.sub(raw, dp)
  store(KEYS[1], raw, e - now)
  -- The index key is derived, not declared: the caller knows only the id. It shares the slot.
  cover(index_of(KEYS[1], did), e, now)
end
return raw
`;
