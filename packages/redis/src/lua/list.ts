import { RECORD_LUA } from './record-lua.js';

/** Lua of `list`: the user's live sessions, newest first, pruning dead index entries. */
export const LIST_LUA = `${RECORD_LUA}
-- KEYS[1] user index
-- ARGV[1] now
-- Reply: { { member, record text } newest createdAt first (ties: greater member first),
--          undecodable members }
local alive, corrupt = walk(KEYS[1], tonumber(ARGV[1]))
local out = {}
for i = #alive, 1, -1 do
  out[#out + 1] = { alive[i].member, encode(alive[i].rec) }
end
return { out, corrupt }
`;
