import { INDEX_LUA } from './index-lua.js';
import { HEADER_LUA } from './record-lua.js';

/** Lua of `get`: read a live record whose secret hash matches, sliding it when due. */
export const GET_LUA = `${HEADER_LUA}${INDEX_LUA}
-- KEYS[1] bucket hash
-- ARGV[1] now, ARGV[2] field (20 characters) and secret hash (22) in one, ARGV[3]
-- 'idleMs:absoluteMs:touchIntervalMs' (fewer arguments: the client's cost on every request)
-- Reply: the record text as stored after the step, with a '+' in front when this step slid it
-- (a string, not a pair: the cheapest reply for the client to parse on every request); nil
-- when not live or the hash differs (nothing written); -1 when the field is unreadable
local now = tonumber(ARGV[1])
local field = string.sub(ARGV[2], 1, 20)
local raw = redis.call('HGET', KEYS[1], field)
if not raw then return nil end
local c, e, l, k, _, h, _, ep, kp = record(raw)
if not c then
  if receipt(raw) then return nil end
  return -1
end
-- The hash first: a wrong secret learns nothing and changes nothing.
if h ~= string.sub(ARGV[2], 21) then return nil end
if k ~= '' then return nil end
if e <= now then
  local index = listed()
  redis.call('HDEL', KEYS[1], field)
  relist(index, { [field] = true })
  return nil
end
local idle, absolute, touch = string.match(ARGV[3], '^(%d+):(%d+):(%d+)$')
if now - l < tonumber(touch) then return raw end
e = now + tonumber(idle)
absolute = tonumber(absolute)
if absolute > 0 and e > c + absolute then e = c + absolute end
-- Only the two times change: the rest is copied as it is, from keepUntil on.
raw = string.sub(raw, 1, ep - 1) .. off(e - c) .. '|' .. off(now - c) .. string.sub(raw, kp - 1)
redis.call('HSET', KEYS[1], field, raw)
if redis.call('PTTL', KEYS[1]) < e - now then redis.call('PEXPIRE', KEYS[1], e - now) end
return '+' .. raw
`;
