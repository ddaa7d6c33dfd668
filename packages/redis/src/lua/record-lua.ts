/**
 * Lua helpers of the session scripts, in pieces: each script starts with only the pieces it
 * uses, in the order given here (a later piece may use an earlier one), because every local
 * function of a script is a closure created again on every call.
 *
 * @remarks
 * Every script touches one key, `KEYS[1]`: the hash of a user bucket (or a token key). A
 * session field of the hash (20 hex digits) holds a session record (see `encodeRecord`),
 * `2|createdAt|expiresAt|lastActivity|keepUntil|mark|secretHash|did|scope|ip|userAgent[|deviceId]`,
 * or a receipt `x|createdAt|keepUntil|mark|did` that a revocation without retention leaves for a
 * few minutes, so that a re-sent script reports what its first run revoked. The other fields
 * are the live index and the receipts of `revokeAll` and `revokeOthers` (see `index-lua.ts`).
 * The header (up to
 * and with the DID) is all most scripts read: they judge liveness from it and rewrite it in
 * place, copying the rest as it is. Only a script that copies a record's rest elsewhere or
 * rewrites it (`rotate`, `update`) checks the rest's shape; for the others the TypeScript
 * decoder is where a damaged rest fails closed.
 */

/**
 * `record(raw)`: createdAt, expiresAt, lastActivity, keepUntil ('' while live), mark, secret
 * hash, did, and where expiresAt, keepUntil, mark and the DID start in `raw` (`ep`, `kp`,
 * `mp`, `dp`); nil when `raw` is not a version 2 record. `receipt(raw)`: createdAt, keepUntil,
 * mark and did of a receipt; nil for anything else. `off(n)` writes an offset the way the
 * TypeScript codec does; `sx(text)` reads one (Lua 5.1's tonumber reads no sign in base 16).
 */
export const HEADER_LUA = `
local function off(n)
  if n < 0 then return '-' .. string.format('%x', -n) end
  return string.format('%x', n)
end
local function sx(text)
  if string.byte(text) == 45 then return -tonumber(string.sub(text, 2), 16) end
  return tonumber(text, 16)
end
local function record(raw)
  if type(raw) ~= 'string' then return nil end
  local c, ep, e, l, kp, k, mp, m, h, dp, did = string.match(raw,
    '^2|(%x+)|()(%-?%x+)|(%-?%x+)|()(%x*)|()([%w,_-]*)|([%w_-]+)|()(did:[a-z]+:[%w._:%%-]+)|')
  if not c then return nil end
  c = tonumber(c, 16)
  return c, c + sx(e), c + sx(l), k, m, h, did, ep, kp, mp, dp
end
local function receipt(raw)
  if type(raw) ~= 'string' then return nil end
  local c, k, m, did = string.match(raw, '^x|(%x+)|(%x+)|([%w,_-]*)|(did:[a-z]+:[%w._:%%-]+)$')
  if not c then return nil end
  return tonumber(c, 16), tonumber(k, 16), m, did
end
`;

/**
 * `cover(deadline, now)`: keeps the hash alive at least until `deadline`, so its TTL covers
 * its longest-lived field.
 */
export const STORE_LUA = `
local function cover(deadline, now)
  local want = deadline - now
  if redis.call('PTTL', KEYS[1]) < want then redis.call('PEXPIRE', KEYS[1], want) end
end
`;

/**
 * `rest(raw, dp, did)`: the scope and the text fields of a record (`dp`, `did` from `record`),
 * checked as the TypeScript decoder would check them (nil when they are damaged), for the
 * scripts that copy or rewrite them: a damaged record is never duplicated, nor made readable
 * again.
 */
export const REST_LUA = `
-- Whether text is a JSON array of 1 to 1000 strings (and nothing else).
local function strings(text)
  local ok, value = pcall(cjson.decode, text)
  if not ok or type(value) ~= 'table' then return false end
  local n, count = #value, 0
  for _ in pairs(value) do count = count + 1 end
  if count ~= n or n < 1 or n > 1000 then return false end
  for i = 1, n do
    if type(value[i]) ~= 'string' then return false end
  end
  return true
end
-- Whether text is 'ip|ua' or 'ip|ua|device' in the escaped form: printable ASCII whose only
-- '%' sequences are %XX, %uXXXX (upper-case hex) and a user-agent phrase code.
local function texts(text)
  if string.find(text, '[^ -~]') then return false end
  local _, bars = string.gsub(text, '|', '')
  if bars < 1 or bars > 2 then return false end
  local rest = string.gsub(text, '%%u[0-9A-F][0-9A-F][0-9A-F][0-9A-F]', '')
  rest = string.gsub(rest, '%%[0-9A-F][0-9A-F]', '')
  rest = string.gsub(rest, '%%[g-tv-x]', '')
  return not string.find(rest, '%', 1, true)
end
local function rest(raw, dp, did)
  local scope, meta = string.match(raw, '^([^|]*)|(.*)$', dp + #did + 1)
  if not scope or not texts(meta) or (scope ~= '' and not strings(scope)) then return nil end
  return scope, meta
end
`;
