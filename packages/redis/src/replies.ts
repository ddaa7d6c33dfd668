/** Thrown when Redis answers in a shape no script of this version produces. */
export class UnexpectedReplyError extends Error {
  constructor(operation: string) {
    super(`unexpected reply to ${operation}`);
    this.name = 'UnexpectedReplyError';
  }
}

/** The reply scripts give for a record they cannot decode. */
export const UNDECODABLE = -1;

/** A `{ list, list }` reply, as the scripts that walk an index give it; `null` for another shape. */
export function twoLists(reply: unknown): [unknown[], unknown[]] | null {
  if (
    !Array.isArray(reply) ||
    reply.length !== 2 ||
    !Array.isArray(reply[0]) ||
    !Array.isArray(reply[1])
  ) {
    return null;
  }
  return [reply[0], reply[1]];
}
