import { INDEX_LUA, WALK_LUA } from './index-lua.js';
import { QUEUE_LUA } from './queue-lua.js';
import { HEADER_LUA } from './record-lua.js';

/** Lua of `list`: the user's sessions, newest first, pruning dead fields. */
export const LIST_LUA = `${HEADER_LUA}${QUEUE_LUA}${INDEX_LUA}${WALK_LUA}
-- KEYS[1] bucket hash
-- ARGV[1] now, ARGV[2] did, ARGV[3] '1' to include revoked records still kept
-- Reply: { { field, record text } newest createdAt first (ties: greater field first),
--          unreadable fields }
local now = tonumber(ARGV[1])
local index = listed()
local fields, raws = index, nil
if ARGV[3] == '1' then
  -- The revoked records are not in the index: every session field of the hash (20 hex
  -- digits, which the scripts' own fields are not).
  local all = redis.call('HGETALL', KEYS[1])
  fields, raws = {}, {}
  for i = 1, #all, 2 do
    if #all[i] == 20 and not string.find(all[i], '%X') then
      fields[#fields + 1] = all[i]
      raws[#raws + 1] = all[i + 1]
    end
  end
else
  raws = read(index)
end
local live, kept, dead, corrupt, gone = judge(now, ARGV[2], fields, raws)
local q = queue(now)
if ARGV[3] == '1' then
  for _, s in ipairs(kept) do
    if s[3] then live[#live + 1] = s end
  end
end
-- Every read is done: from here on, only writes.
prune(dead)
relist(index, gone)
flush(q)
table.sort(live, oldest_first)
local out, n = {}, #live
for i = n, 1, -1 do
  out[n - i + 1] = { live[i][2], live[i][3] }
end
return { out, corrupt }
`;
