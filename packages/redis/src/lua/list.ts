import { HEADER_LUA, WALK_LUA } from './record-lua.js';

/** Lua of `list`: the user's sessions, newest first, pruning dead fields. */
export const LIST_LUA = `${HEADER_LUA}${WALK_LUA}
-- KEYS[1] bucket hash
-- ARGV[1] now, ARGV[2] did, ARGV[3] '1' to include revoked records still kept
-- Reply: { { field, record text } newest createdAt first (ties: greater field first),
--          unreadable fields }
local live, kept, dead, corrupt = walk(tonumber(ARGV[1]), ARGV[2])
if ARGV[3] == '1' then
  for _, s in ipairs(kept) do
    if s[3] then live[#live + 1] = s end
  end
end
prune(dead)
table.sort(live, oldest_first)
local out, n = {}, #live
for i = n, 1, -1 do
  out[n - i + 1] = { live[i][2], live[i][3] }
end
return { out, corrupt }
`;
