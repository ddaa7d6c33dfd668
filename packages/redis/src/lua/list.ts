import { HEADER_LUA, SLOT_LUA, UNINDEX_LUA, WALK_LUA } from './record-lua.js';

/** Lua of `list`: the user's live sessions, newest first, pruning dead index entries. */
export const LIST_LUA = `${HEADER_LUA}${SLOT_LUA}${UNINDEX_LUA}${WALK_LUA}
-- KEYS[1] user index
-- ARGV[1] now
-- Reply: { { id, record text as stored } newest createdAt first (ties: greater id first), ids
--          whose record header is unreadable }
local entries, raws, _, _, corrupt = walk(KEYS[1], tonumber(ARGV[1]), true)
local out, n = {}, #entries
for i = n, 1, -1 do
  out[n - i + 1] = { id_of(entries[i]), raws[i] }
end
return { out, corrupt }
`;
