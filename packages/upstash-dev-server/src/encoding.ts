/** A reply as the REST protocol carries it in JSON. */
export type RestValue = string | number | null | RestValue[];

/**
 * Turns a reply of ioredis's `callBuffer` (Buffers for bulk and status replies, numbers for
 * integers, `null` for nil, arrays, and errors nested in script replies) into JSON.
 *
 * With `base64`, as `@upstash/redis` asks through the `Upstash-Encoding: base64` header, every
 * string is the base64 of its bytes (the client decodes them as UTF-8, so binary values and
 * strings that look like JSON survive the trip); integers stay numbers, nil stays `null`, arrays
 * recurse. Without it, strings are sent as UTF-8 text.
 */
export function encodeReply(reply: unknown, base64: boolean): RestValue {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === 'number') return reply;
  if (typeof reply === 'bigint') return Number(reply);
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString('base64') : reply.toString('utf8');
  if (typeof reply === 'string') {
    return base64 ? Buffer.from(reply, 'utf8').toString('base64') : reply;
  }
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  // An error nested in an array (a script returning `{ err = ... }` inside a table): Upstash has
  // no way to mark it, so it travels as its text.
  if (reply instanceof Error) return encodeReply(reply.message, base64);
  return encodeReply(String(reply), base64);
}
