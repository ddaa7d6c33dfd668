import { INDEX_LUA } from './index-lua.js';
import { QUEUE_LUA, RETIRE_LUA } from './queue-lua.js';
import { HEADER_LUA, REST_LUA, STORE_LUA } from './record-lua.js';

/** Lua of `rotate`: copy a live record to a new field and revoke the old one. */
export const ROTATE_LUA = `${HEADER_LUA}${STORE_LUA}${QUEUE_LUA}${RETIRE_LUA}${REST_LUA}${INDEX_LUA}
-- KEYS[1] bucket hash
-- ARGV[1] now, ARGV[2] old field, ARGV[3] new field, ARGV[4] new secret hash, ARGV[5] idleMs,
-- ARGV[6] absoluteMs, ARGV[7] retentionMs
-- Reply: the new record text; nil when the old one is not live; -1 when it is undecodable. A
-- re-run (the new field already holds the new secret hash) replies with the new record.
local now = tonumber(ARGV[1])
local moved = redis.call('HGET', KEYS[1], ARGV[3])
if moved then
  local c2, _, _, _, _, h2 = record(moved)
  if c2 and h2 == ARGV[4] then return moved end
  return redis.error_reply('ERR coatcheck: session id collision')
end
local raw = redis.call('HGET', KEYS[1], ARGV[2])
if not raw then return nil end
local c, e, _, k, m, _, did, ep, kp, mp, dp = record(raw)
if not c then
  if receipt(raw) then return nil end
  return -1
end
-- The whole record is checked here, not only its header: a damaged one is never copied.
if not rest(raw, dp, did) then return -1 end
if k ~= '' or e <= now then return nil end
e = now + tonumber(ARGV[5])
local absolute = tonumber(ARGV[6])
if absolute > 0 and e > c + absolute then e = c + absolute end
local index = listed()
local q = queue(now)
-- Every read is done: from here on, only writes. The copy keeps createdAt, drops the mark.
local fresh = string.sub(raw, 1, ep - 1) .. off(e - c) .. '|' .. off(now - c) .. '|||' .. ARGV[4] .. string.sub(raw, dp - 1)
redis.call('HSET', KEYS[1], ARGV[3], fresh)
cover(math.max(e, retire(q, ARGV[2], raw, c, did, kp, mp, m, now, tonumber(ARGV[7]), ARGV[3], false)), now)
relist(index, { [ARGV[2]] = true }, ARGV[3])
flush(q)
return fresh
`;
