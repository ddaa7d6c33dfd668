/**
 * Lua helpers that keep the work of a script bounded by the bucket's live sessions (and a
 * small constant), however many revoked records the hash retains. Pieces, like those of
 * `record-lua.ts`, which come first; in the order given here.
 *
 * @remarks
 * Besides the session fields, a bucket's hash holds:
 * - `live`, the live index: the fields of the sessions that were live when last written (of
 *   every user of the bucket), 20 characters each, one after the other. A field joins it when
 *   `create` or `rotate` writes a live record there and leaves it when the session is revoked,
 *   rotated away or found expired. `create`, `revokeAll`, `revokeOthers` and `list` read the
 *   records it names, not the whole hash.
 * - `op:<operation id>`, the receipt of a `revokeAll` or `revokeOthers`: the fields it revoked,
 *   so that a re-send reports them without reading the retained records.
 * - `due` and `due:<n>`, the purge queue (see `queue-lua.ts`).
 * None of these names is 20 hex digits, so none can be a session field.
 */

/**
 * `split(text)`: the 20-character fields that `text` holds one after the other (the live
 * index, a receipt). `listed()`: the fields the live index names, in order. `relist(index,
 * gone, add)`: rewrites the index (`index`, as `listed` returned it) without the fields of the
 * set `gone`, with the field `add` (or nil) at the end; writes nothing when that changes
 * nothing.
 */
export const INDEX_LUA = `
local function split(text)
  local fields = {}
  for i = 1, #text - 19, 20 do fields[#fields + 1] = string.sub(text, i, i + 19) end
  return fields
end
local function listed()
  return split(redis.call('HGET', KEYS[1], 'live') or '')
end
local function relist(index, gone, add)
  local out = {}
  for _, field in ipairs(index) do
    if not gone[field] then out[#out + 1] = field end
  end
  if add then out[#out + 1] = add end
  if #out == #index and not add then return end
  if #out == 0 then redis.call('HDEL', KEYS[1], 'live')
  else redis.call('HSET', KEYS[1], 'live', table.concat(out)) end
end
`;

/**
 * `read(fields)`: their values, `false` for a missing one. `judge(now, did, fields, raws)`: the
 * fields with their values, judged from their headers. Returns the live records of `did` (a
 * list of `{ c, field, raw, kp, mp, m }`), the revoked records and receipts of `did` still kept
 * (`{ c, field, raw, m }`, `raw` false for a receipt), the fields that are dead (expired, or
 * past their retention: the caller deletes them), the fields that are not readable at all (the
 * caller reports them), and the set of fields that hold no live record (the caller takes them
 * out of the index). Fields of another user sharing the bucket are left alone. `walk(now, did,
 * index)`: `judge` over the records the index names.
 */
export const WALK_LUA = `
local function read(fields)
  local raws = {}
  for i = 1, #fields, 500 do
    local part = redis.call('HMGET', KEYS[1], unpack(fields, i, math.min(i + 499, #fields)))
    for j = 1, #part do raws[i + j - 1] = part[j] end
  end
  return raws
end
local function judge(now, did, fields, raws)
  local live, kept, dead, corrupt, gone = {}, {}, {}, {}, {}
  -- The owner is compared as text where the DID starts: cheaper than matching its syntax in
  -- every record (the TypeScript decoder checks it in what is returned).
  local tag, n = did .. '|', #did
  for i, field in ipairs(fields) do
    local raw = raws[i]
    local c, e, kp, k, mp, m, dp
    if raw then
      c, e, kp, k, mp, m, dp = string.match(raw,
        '^2|(%x+)|(%-?%x+)|%-?%x+|()(%x*)|()([%w,_-]*)|[%w_-]+|()did:')
    end
    if not raw then gone[field] = true
    elseif c then
      c = tonumber(c, 16)
      local mine = string.sub(raw, dp, dp + n) == tag
      if k == '' then
        if c + sx(e) <= now then
          dead[#dead + 1] = field
          gone[field] = true
        elseif mine then live[#live + 1] = { c, field, raw, kp, mp, m } end
      else
        gone[field] = true
        if tonumber(k, 16) <= now then dead[#dead + 1] = field
        elseif mine then kept[#kept + 1] = { c, field, raw, m } end
      end
    else
      local rc, rk, rm, rdid = receipt(raw)
      if not rc then corrupt[#corrupt + 1] = field
      else
        gone[field] = true
        if rk <= now then dead[#dead + 1] = field
        elseif rdid == did then kept[#kept + 1] = { rc, field, false, rm } end
      end
    end
  end
  return live, kept, dead, corrupt, gone
end
local function walk(now, did, index)
  return judge(now, did, index, read(index))
end
local function oldest_first(a, b)
  if a[1] ~= b[1] then return a[1] < b[1] end
  return a[2] < b[2]
end
local function prune(dead)
  for i = 1, #dead, 500 do
    redis.call('HDEL', KEYS[1], unpack(dead, i, math.min(i + 499, #dead)))
  end
end
`;
