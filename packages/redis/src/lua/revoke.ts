import { INDEX_LUA } from './index-lua.js';
import { QUEUE_LUA, RETIRE_LUA } from './queue-lua.js';
import { HEADER_LUA, STORE_LUA } from './record-lua.js';

/** Lua of `revoke`: mark a live record revoked and keep it for retention. */
export const REVOKE_LUA = `${HEADER_LUA}${STORE_LUA}${QUEUE_LUA}${RETIRE_LUA}${INDEX_LUA}
-- KEYS[1] bucket hash
-- ARGV[1] now, ARGV[2] field, ARGV[3] retentionMs, ARGV[4] operation id, ARGV[5] owner DID or ''
-- Reply: the owner's DID; nil when nothing live was there (or it is another user's); -1 when
-- the field is unreadable. A re-run of the same operation id reports the same owner.
local now = tonumber(ARGV[1])
local raw = redis.call('HGET', KEYS[1], ARGV[2])
if not raw then return nil end
local c, e, _, k, m, _, did, _, kp, mp = record(raw)
if not c then
  local rc, _, rm, rdid = receipt(raw)
  if not rc then return -1 end
  if rm == ARGV[4] and (ARGV[5] == '' or rdid == ARGV[5]) then return rdid end
  return nil
end
if ARGV[5] ~= '' and did ~= ARGV[5] then return nil end
if k ~= '' then
  if m == ARGV[4] then return did end
  return nil
end
local index = listed()
if e <= now then
  redis.call('HDEL', KEYS[1], ARGV[2])
  relist(index, { [ARGV[2]] = true })
  return nil
end
local q = queue(now)
-- Every read is done: from here on, only writes.
cover(retire(q, ARGV[2], raw, c, did, kp, mp, m, now, tonumber(ARGV[3]), ARGV[4], true), now)
relist(index, { [ARGV[2]] = true })
flush(q)
return did
`;
