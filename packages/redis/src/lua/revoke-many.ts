import { HEADER_LUA, STORE_LUA, WALK_LUA } from './record-lua.js';

/**
 * The body `revokeAll` and `revokeOthers` share: revoke every live session of `ARGV[2]` but
 * the field `skip`, marked with the operation id `ARGV[4]`, and report them together with the
 * ones a first run of the same operation revoked (a re-send), oldest first. Reads the whole
 * hash before the first write.
 */
export const REVOKE_MANY_LUA = `${HEADER_LUA}${STORE_LUA}${WALK_LUA}
local function revoke_many(now, skip)
  local live, kept, dead, corrupt = walk(now, ARGV[2])
  local retention = tonumber(ARGV[3])
  local hits, last = {}, now
  for _, s in ipairs(kept) do
    if s[4] == ARGV[4] then hits[#hits + 1] = s end
  end
  for _, s in ipairs(live) do
    if s[2] ~= skip then
      last = math.max(last, retire(s[2], s[3], s[1], ARGV[2], s[4], s[5], s[6], now, retention, ARGV[4], true))
      hits[#hits + 1] = s
    end
  end
  prune(dead)
  cover(last, now)
  table.sort(hits, oldest_first)
  local ids = {}
  for i, s in ipairs(hits) do ids[i] = s[2] end
  return { ids, corrupt }
end
`;

/** Lua of `revokeAll`: revoke every live session of the user. */
export const REVOKE_ALL_LUA = `${REVOKE_MANY_LUA}
-- KEYS[1] bucket hash
-- ARGV[1] now, ARGV[2] did, ARGV[3] retentionMs, ARGV[4] operation id
-- Reply: { revoked fields oldest first, unreadable fields }
return revoke_many(tonumber(ARGV[1]), '')
`;

/** Lua of `revokeOthers`: revoke every live session of the user but the kept one. */
export const REVOKE_OTHERS_LUA = `${REVOKE_MANY_LUA}
-- KEYS[1] bucket hash
-- ARGV[1] now, ARGV[2] did, ARGV[3] retentionMs, ARGV[4] operation id, ARGV[5] kept field
-- Reply: { revoked fields oldest first, unreadable fields }; nil, revoking nothing, when the
-- kept field is not a live session of the user; -1 when it is unreadable
local now = tonumber(ARGV[1])
local raw = redis.call('HGET', KEYS[1], ARGV[5])
if not raw then return nil end
local c, e, _, k, _, _, did = record(raw)
if not c then
  if receipt(raw) then return nil end
  return -1
end
if k ~= '' or e <= now or did ~= ARGV[2] then return nil end
return revoke_many(now, ARGV[5])
`;
