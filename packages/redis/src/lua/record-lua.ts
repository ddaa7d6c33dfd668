/**
 * Lua helpers of the session scripts, in pieces: each script starts with only the pieces it
 * uses, in the order given here (a later piece may use an earlier one), because every local
 * function of a script is a closure created again on every call.
 *
 * @remarks
 * A record is one string (see `encodeRecord`),
 * `1|createdAt|expiresAt|lastActivity|revokedAt|did|scope|ip|userAgent[|deviceId]`: times in
 * lower-case hex (expiresAt and lastActivity as signed offsets from createdAt), `revokedAt`
 * empty while live. The header (up to and with the DID) is all most scripts read: they judge
 * liveness from it and rewrite it in place, copying the rest as it is. Only a script that
 * copies a record's rest elsewhere or rewrites it (`rotate`, `update`) checks the rest's shape;
 * for the others the TypeScript decoder is where a damaged rest fails closed (it reads as no
 * session and is logged).
 */

/**
 * `header(raw)`: createdAt, expiresAt, lastActivity, revokedAt ('' while live), did, and where
 * expiresAt, revokedAt and the DID start in `raw` (`ep`, `rp`, `dp`); nil when `raw` is not a
 * string starting with a version 1 header. Plain values rather than a table: a table per record
 * would cost more than the match. `off(n)` writes an offset the way the TypeScript codec does.
 */
export const HEADER_LUA = `
local function off(n)
  if n < 0 then return '-' .. string.format('%x', -n) end
  return string.format('%x', n)
end
local function header(raw)
  if type(raw) ~= 'string' then return nil end
  local c, ep, e, l, rp, r, dp, did = string.match(raw,
    '^1|(%x+)|()(%-?%x+)|(%-?%x+)|()(%x*)|()(did:[a-z]+:[%w._:%%-]+)|')
  if not c then return nil end
  c = tonumber(c, 16)
  -- tonumber(text, 16) reads no sign in Lua 5.1.
  if string.byte(e) == 45 then e = -tonumber(string.sub(e, 2), 16) else e = tonumber(e, 16) end
  if string.byte(l) == 45 then l = -tonumber(string.sub(l, 2), 16) else l = tonumber(l, 16) end
  return c, c + e, c + l, r, did, ep, rp, dp
end
`;

/**
 * `base_of(key)`, `member_of(key)`, `index_of(record_key, did)`: keys on the slot tag of a
 * KEYS[] key. Prefixes hold no braces, so the first `}` closes the tag, and any key built on it
 * stays in this slot. `entry_of(record_key, c)`: a record's entry in its user's index, its
 * createdAt as 14 hex digits (every valid time fits, so entries sort oldest first) and then the
 * record key's tail; `key_of(base, entry)` and `id_of(entry)` read an entry back.
 */
export const SLOT_LUA = `
local function base_of(key)
  return string.sub(key, 1, (string.find(key, '}', 1, true)))
end
local function member_of(key)
  return string.sub(key, #base_of(key) + 1)
end
local function index_of(record_key, did)
  return base_of(record_key) .. 'u:' .. did
end
local function entry_of(record_key, c)
  return string.format('%014x', c) .. member_of(record_key)
end
local function id_of(entry)
  return string.sub(entry, 15)
end
local function key_of(base, entry)
  return base .. id_of(entry)
end
`;

/**
 * `store(key, text, ttl)` writes with a relative TTL (SET refuses PX <= 0, and such a record is
 * over anyway); `revoke(key, raw, rp, dp, now, retention)` marks a live record revoked by
 * rewriting only its revokedAt field (`rp`, `dp` from `header`), and keeps it for the retention
 * period (the caller unindexes it).
 */
export const STORE_LUA = `
local function store(key, text, ttl)
  if ttl > 0 then
    redis.call('SET', key, text, 'PX', ttl)
  else
    redis.call('DEL', key)
  end
end
local function revoke(key, raw, rp, dp, now, retention)
  store(key, string.sub(raw, 1, rp - 1) .. string.format('%x', now) .. string.sub(raw, dp - 1), retention)
end
`;

/** `cover(index, expires, now)`: keeps the index alive at least until `expires`. */
export const COVER_LUA = `
local function cover(index, expires, now)
  local want = expires - now
  if redis.call('PTTL', index) < want then redis.call('PEXPIRE', index, want) end
end
`;

/** `unindex(index, entries)`: removes entries in batches (Lua's unpack has a stack limit). */
export const UNINDEX_LUA = `
local function unindex(index, entries)
  for i = 1, #entries, 500 do
    redis.call('ZREM', index, unpack(entries, i, math.min(i + 499, #entries)))
  end
end
`;

/**
 * `walk(index, now, prune)`: the index oldest first (createdAt, then id), judged from the
 * records' headers. Returns the live ones as four lists (entries, record texts, and `rp`, `dp`
 * of each for `revoke`), then the ids whose record has no readable header (the caller reports
 * them); with `prune`, removes the entries whose record is gone, expired, revoked or unreadable.
 * A header with an empty revokedAt is matched with one pattern of two captures (the cost of a
 * walk is mostly per record); only a record it does not match goes through `header`. Needs
 * {@link UNINDEX_LUA} before it.
 */
export const WALK_LUA = `
local function walk(index, now, prune)
  local base = base_of(index)
  local entries, raws, rps, dps, corrupt, dead = {}, {}, {}, {}, {}, {}
  local n = 0
  local all = redis.call('ZRANGE', index, 0, -1)
  -- Scores are expiry floors: the order by createdAt is the order of the entries themselves.
  table.sort(all)
  for _, entry in ipairs(all) do
    local raw = redis.pcall('GET', key_of(base, entry))
    local c, e, rp, live
    if type(raw) == 'string' then
      c, e, rp = string.match(raw, '^1|(%x+)|(%-?%x+)|%-?%x+|()|did:[a-z]+:[%w._:%%-]+|')
    end
    if c then
      if string.byte(e) == 45 then e = -tonumber(string.sub(e, 2), 16) else e = tonumber(e, 16) end
      live = tonumber(c, 16) + e > now
    elseif raw ~= false and not header(raw) then
      corrupt[#corrupt + 1] = id_of(entry)
    end
    if live then
      n = n + 1
      -- A live record's revokedAt is empty: the DID starts right after it.
      entries[n], raws[n], rps[n], dps[n] = entry, raw, rp, rp + 1
    else
      dead[#dead + 1] = entry
    end
  end
  if prune then unindex(index, dead) end
  return entries, raws, rps, dps, corrupt
end
`;

/**
 * `settle(index, now)`: makes every score of the index the expiry floor of a live session
 * again, reading only the records whose score is at or before `now`. An entry's score is set
 * to its record's expiresAt whenever a script sets that time lower (create, update, rotate),
 * and slides only move an expiry on, so a score above `now` is a live session without a read.
 * Of the entries read, a dead one is removed, a live one (slid since) scored again with its
 * expiry; returns the ids whose record has no readable header. A record Redis expired on its
 * own clock would count as live only while the manager's clock lags Redis's by more than it
 * did when the record was written (the TTL is set relative to the manager's `now`). Needs
 * {@link UNINDEX_LUA} before it.
 */
export const SETTLE_LUA = `
local function settle(index, now)
  local base = base_of(index)
  local corrupt, dead = {}, {}
  for _, entry in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf', now)) do
    local raw = redis.pcall('GET', key_of(base, entry))
    local c, e, _, r = header(raw)
    if c and r == '' and e > now then
      redis.call('ZADD', index, 'XX', e, entry)
    else
      if raw ~= false and not c then corrupt[#corrupt + 1] = id_of(entry) end
      dead[#dead + 1] = entry
    end
  end
  unindex(index, dead)
  return corrupt
end
`;

/**
 * `rest(raw, dp, did)`: the scope and the text fields of a record (`dp`, `did` from `header`), checked as the
 * TypeScript decoder would check them (nil, nil when they are damaged), for the scripts that
 * copy or rewrite them: a damaged record is never duplicated, nor made readable again.
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
