/**
 * Lua helpers that every session script starts with (the token scripts do not need them).
 *
 * @remarks
 * A record is one string (see `encodeRecord`),
 * `1|createdAt|expiresAt|lastActivity|revokedAt|did|scope|ip|userAgent[|deviceId]`: times in
 * base 36 (expiresAt and lastActivity as offsets from createdAt), `revokedAt` empty while
 * live; the scripts copy scope and the text fields as opaque text, after checking their shape.
 */
export const RECORD_LUA = `
local DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'

-- Base 36 of an integer (signed), as the TypeScript codec writes times and offsets.
local function b36(n)
  if n < 0 then return '-' .. b36(-n) end
  local out = ''
  repeat
    local d = n % 36
    out = string.sub(DIGITS, d + 1, d + 1) .. out
    n = (n - d) / 36
  until n == 0
  return out
end

local function from36(text)
  if string.sub(text, 1, 1) == '-' then return -tonumber(string.sub(text, 2), 36) end
  return tonumber(text, 36)
end

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

-- Record text to a table; false when the text is not a version 1 record. The opaque parts are
-- checked too, so that every script (not only the decoder in TypeScript) fails closed on a
-- damaged record: none of them reads, slides, updates or copies it.
local function parse(raw)
  if type(raw) ~= 'string' then return false end
  local c, e, l, r, did, scope, meta = string.match(raw,
    '^1|(%w+)|(%-?%w+)|(%-?%w+)|(%w*)|(did:[a-z]+:[%w._:%%-]+)|([^|]*)|(.*)$')
  if not c or not texts(meta) or (scope ~= '' and not strings(scope)) then return false end
  local created = tonumber(c, 36)
  return { c = created, e = created + from36(e), l = created + from36(l), r = r,
           did = did, scope = scope, meta = meta }
end

-- nil when the key is absent, false when it holds something undecodable (even another type:
-- pcall keeps WRONGTYPE from failing the script), else the record.
local function load(key)
  local raw = redis.pcall('GET', key)
  if raw == false then return nil end
  return parse(raw)
end

local function encode(rec)
  return table.concat({ '1', b36(rec.c), b36(rec.e - rec.c), b36(rec.l - rec.c), rec.r, rec.did,
                        rec.scope, rec.meta }, '|')
end

-- Live means: decodable, not revoked, and expiring after the caller's now. The caller's clock
-- decides, not the key's TTL, so every adapter agrees on the same instant.
local function live(rec, now)
  return rec and rec.r == '' and rec.e > now
end

-- Writes a record with a relative TTL; SET refuses PX <= 0, and such a record is over anyway.
local function store(key, rec, ttl)
  if ttl > 0 then
    redis.call('SET', key, encode(rec), 'PX', ttl)
  else
    redis.call('DEL', key)
  end
end

-- The slot-tagged start of every key of one user: the prefix and '{bucket}'. Prefixes hold no
-- braces, so the first '}' closes the tag, and any key built on it stays in this slot.
local function base_of(key)
  return string.sub(key, 1, (string.find(key, '}', 1, true)))
end

-- A record key's index member: the part after the tag.
local function member_of(key)
  return string.sub(key, #base_of(key) + 1)
end

local function index_of(record_key, did)
  return base_of(record_key) .. 'u:' .. did
end

-- expiresAt capped at createdAt + absolute (0 = no cap).
local function capped(rec, at, absolute)
  if absolute > 0 and at > rec.c + absolute then return rec.c + absolute end
  return at
end

-- Keeps the index alive at least until expires, so a slid session is always found in it.
local function cover(index, expires, now)
  local want = expires - now
  if redis.call('PTTL', index) < want then redis.call('PEXPIRE', index, want) end
end

-- Marks a record revoked and keeps it for the retention period (the caller unindexes it).
local function revoke(key, rec, now, retention)
  rec.r = b36(now)
  store(key, rec, retention)
end

-- Walks an index oldest first (createdAt, then member), dropping members whose record is gone,
-- expired, revoked or undecodable. Returns the live ones as { member, key, rec } and the
-- members whose record could not be decoded (the caller reports them).
local function walk(index, now)
  local base = base_of(index)
  local alive, corrupt = {}, {}
  for _, member in ipairs(redis.call('ZRANGE', index, 0, -1)) do
    local key = base .. member
    local rec = load(key)
    if live(rec, now) then
      alive[#alive + 1] = { member = member, key = key, rec = rec }
    else
      redis.call('ZREM', index, member)
      if rec == false then corrupt[#corrupt + 1] = member end
    end
  end
  return alive, corrupt
end
`;
