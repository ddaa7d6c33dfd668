/**
 * The purge queue: how the scripts delete the fields kept only for a while (revoked records,
 * receipts) once their time has come, without reading the hash to find them. Pieces, like those
 * of `record-lua.ts`, which come first.
 *
 * @remarks
 * The queue lives in the bucket's hash: the field `due` holds `<head>:<tail>`, the numbers of
 * its first and last chunks, and each field `due:<n>` a chunk of at most 16 entries
 * `<deadline in hex>@<field>,` in the order they were queued. A field is queued when it is kept
 * for a while, with until when (`now` plus the retention, or plus 5 minutes for a receipt), so
 * the entries come in the order of their deadlines, but for a change of the retention or of
 * clocks between servers (then a field waits behind a later one, and goes late by as much).
 * Every script that revokes, and `list`, reads the front and deletes up to 16 fields that are
 * due; each queues no more than it deletes but `revokeAll` (whose sessions each came with a
 * create that deleted), so the queue keeps up and no step pays for more than 16 deletions.
 */

/**
 * `queue(now)`: the queue as read, with the fields at its front that are due at `now` (at most
 * 16) taken off; changes stay in the table until `flush`. `enqueue(q, field, deadline)`: queues
 * `field` for deletion at `deadline`. `flush(q)`: deletes the due fields and writes the queue
 * back (nothing when nothing changed).
 */
export const QUEUE_LUA = `
local function queue(now)
  local q = { head = 0, tail = 0, size = 0, chunks = {}, dirty = {}, due = {} }
  local meta = redis.call('HGET', KEYS[1], 'due')
  if not meta then return q end
  local head, tail = string.match(meta, '^(%d+):(%d+)$')
  if not head then return q end
  q.head, q.tail = tonumber(head), tonumber(tail)
  q.chunks[q.head] = redis.call('HGET', KEYS[1], 'due:' .. head) or ''
  if q.tail ~= q.head then q.chunks[q.tail] = redis.call('HGET', KEYS[1], 'due:' .. tail) or '' end
  -- An empty head chunk before the tail (written so by an older step) is passed over.
  if q.chunks[q.head] == '' and q.head < q.tail then q.dirty[q.head] = true end
  local text, at = q.chunks[q.head], 1
  while #q.due < 16 do
    local deadline, field, after = string.match(text, '^(%x+)@([^,]+),()', at)
    if not deadline or tonumber(deadline, 16) > now then break end
    q.due[#q.due + 1] = field
    at = after
  end
  if at > 1 then
    q.chunks[q.head] = string.sub(text, at)
    q.dirty[q.head] = true
  end
  -- Entries in the tail chunk, counted once: enqueue keeps the count.
  local _, size = string.gsub(q.chunks[q.tail], ',', ',')
  q.size = size
  return q
end
local function enqueue(q, field, deadline)
  if q.size >= 16 then
    q.tail = q.tail + 1
    q.size = 0
  end
  q.chunks[q.tail] = (q.chunks[q.tail] or '') .. string.format('%x', deadline) .. '@' .. field .. ','
  q.size = q.size + 1
  q.dirty[q.tail] = true
end
local function flush(q)
  if next(q.dirty) == nil then return end
  if #q.due > 0 then redis.call('HDEL', KEYS[1], unpack(q.due)) end
  -- An emptied head chunk goes, and the next one becomes the head.
  if q.head < q.tail and q.chunks[q.head] == '' then q.head = q.head + 1 end
  for n in pairs(q.dirty) do
    if q.chunks[n] == '' then redis.call('HDEL', KEYS[1], 'due:' .. n)
    else redis.call('HSET', KEYS[1], 'due:' .. n, q.chunks[n]) end
  end
  if q.head == q.tail and q.chunks[q.head] == '' then redis.call('HDEL', KEYS[1], 'due')
  else redis.call('HSET', KEYS[1], 'due', q.head .. ':' .. q.tail) end
end
`;

/**
 * `retire(q, field, raw, c, did, kp, mp, m, now, retention, mark, keep_receipt)`: revokes a live
 * record (`kp`, `mp`, `m` from `record`), marked with `mark`: rewrites keepUntil and the mark
 * in place and keeps it `retention` ms; with no retention, deletes it, leaving a receipt when
 * `keep_receipt` (the receipt lasts 5 minutes: long enough for a client's re-send after a
 * reconnect). What it keeps goes on the queue `q`. Returns until when the field is kept: the
 * caller covers the latest such time once, and takes the field out of the live index.
 */
export const RETIRE_LUA = `
local function retire(q, field, raw, c, did, kp, mp, m, now, retention, mark, keep_receipt)
  local keep
  if retention > 0 then
    keep = now + retention
    redis.call('HSET', KEYS[1], field, string.sub(raw, 1, kp - 1) .. string.format('%x', keep) .. '|' .. mark .. string.sub(raw, mp + #m))
  elseif keep_receipt then
    keep = now + 300000
    redis.call('HSET', KEYS[1], field, 'x|' .. string.format('%x', c) .. '|' .. string.format('%x', keep) .. '|' .. mark .. '|' .. did)
  else
    redis.call('HDEL', KEYS[1], field)
    return now
  end
  enqueue(q, field, keep)
  return keep
end
`;
