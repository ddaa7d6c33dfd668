const utf8 = new TextDecoder();

/**
 * A node-redis reply in the RESP2 shape a `ScriptRunner` promises: strings, integers, `null`
 * and arrays of those.
 *
 * @remarks
 * Over RESP3 (node-redis 6's default) Redis turns a Lua `true` into a boolean and a Lua `false`
 * into a boolean `false` where RESP2 gives `1` and nil; a client with a `typeMapping` may hand
 * bulk strings over as `Buffer`s, and RESP3 big numbers as `bigint`. Each is brought back to
 * what the same script answers over RESP2, so the shared decoder sees one shape.
 */
export function normalizeReply(reply: unknown): unknown {
  // Most replies (a record, a count) are already plain: return them before any other check.
  if (typeof reply === 'string' || typeof reply === 'number' || reply === null) return reply;
  if (Array.isArray(reply)) return reply.map(normalizeReply);
  if (reply instanceof Uint8Array) return utf8.decode(reply);
  if (reply === true) return 1;
  if (reply === false || reply === undefined) return null;
  if (typeof reply === 'bigint') return Number(reply);
  // A map or a set would come only from a script that called redis.setresp(3); none does.
  return reply;
}
