import { RECORD_LUA } from './record-lua.js';

/** Lua of `update`: patch a live record; never writes to one that is gone, expired or revoked. */
export const UPDATE_LUA = `${RECORD_LUA}
-- KEYS[1] record
-- ARGV[1] now, ARGV[2] absoluteMs, ARGV[3] lastActivity or '', ARGV[4] expiresAt or '',
-- ARGV[5] '1' when ARGV[6] holds a new scope field
-- Reply: 1 updated; 0 not live (nothing written); -1 undecodable
local now = tonumber(ARGV[1])
local rec = load(KEYS[1])
if rec == false then return -1 end
if not live(rec, now) then return 0 end
if ARGV[3] ~= '' then rec.l = tonumber(ARGV[3]) end
if ARGV[5] == '1' then rec.scope = ARGV[6] end
if ARGV[4] ~= '' then
  rec.e = capped(rec, tonumber(ARGV[4]), tonumber(ARGV[2]))
  cover(index_of(KEYS[1], rec.did), rec.e, now)
end
store(KEYS[1], rec, rec.e - now)
return 1
`;
