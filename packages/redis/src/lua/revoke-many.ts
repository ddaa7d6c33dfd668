import { INDEX_LUA, WALK_LUA } from './index-lua.js';
import { QUEUE_LUA, RETIRE_LUA } from './queue-lua.js';
import { HEADER_LUA, STORE_LUA } from './record-lua.js';

/**
 * The body `revokeAll` and `revokeOthers` share: revoke every live session of `ARGV[2]` but
 * the field `skip`, marked with the operation id `ARGV[4]`, and report them together with the
 * ones a first run of the same operation revoked (a re-send, found through its receipt
 * `op:<operation id>`), oldest first. Reads the records the index names, the receipt and the
 * front of the purge queue before the first write.
 */
export const REVOKE_MANY_LUA = `${HEADER_LUA}${STORE_LUA}${QUEUE_LUA}${RETIRE_LUA}${INDEX_LUA}${WALK_LUA}
local function revoke_many(now, skip)
  local index = listed()
  local live, _, dead, corrupt, gone = walk(now, ARGV[2], index)
  local q = queue(now)
  local retention = tonumber(ARGV[3])
  local hits, ids, last = {}, {}, now
  local receipt_field = 'op:' .. ARGV[4]
  local first = redis.call('HGET', KEYS[1], receipt_field)
  if first then
    -- A re-send: what the first run revoked, as far as it is still kept with this mark.
    local fields = split(first)
    for i, raw in ipairs(read(fields)) do
      local c, _, _, k, m = record(raw)
      if not c then c, k, m = receipt(raw) end
      if c and k ~= '' and m == ARGV[4] then hits[#hits + 1] = { c, fields[i] } end
    end
  end
  -- Every read is done: from here on, only writes.
  local revoked = #hits
  for _, s in ipairs(live) do
    if s[2] ~= skip then
      last = math.max(last, retire(q, s[2], s[3], s[1], ARGV[2], s[4], s[5], s[6], now, retention, ARGV[4], true))
      gone[s[2]] = true
      hits[#hits + 1] = s
    end
  end
  prune(dead)
  relist(index, gone)
  table.sort(hits, oldest_first)
  for i, s in ipairs(hits) do ids[i] = s[2] end
  if #hits > revoked then
    -- Kept as long as the records it names (or their receipts).
    local deadline = now + (retention > 0 and retention or 300000)
    redis.call('HSET', KEYS[1], receipt_field, table.concat(ids))
    enqueue(q, receipt_field, deadline)
    last = math.max(last, deadline)
  end
  flush(q)
  cover(last, now)
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
