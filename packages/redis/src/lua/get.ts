import { RECORD_LUA } from './record-lua.js';

/** Lua of `get`: read a live record, sliding its expiry when the touch interval has passed. */
export const GET_LUA = `${RECORD_LUA}
-- KEYS[1] record
-- ARGV[1] now, ARGV[2] idleMs, ARGV[3] absoluteMs, ARGV[4] touchIntervalMs
-- Reply: the record text as stored after the step; nil when not live; -1 when undecodable
local now = tonumber(ARGV[1])
local rec = load(KEYS[1])
if rec == false then return -1 end
if not live(rec, now) then return nil end
if now - rec.l >= tonumber(ARGV[4]) then
  rec.l = now
  rec.e = capped(rec, now + tonumber(ARGV[2]), tonumber(ARGV[3]))
  store(KEYS[1], rec, rec.e - now)
  -- The index key is derived, not declared: the caller knows only the id. It shares the slot.
  cover(index_of(KEYS[1], rec.did), rec.e, now)
end
return encode(rec)
`;
