/**
 * The base of every error coatcheck throws; test `instanceof CoatcheckError` to tell them
 * from others.
 */
export class CoatcheckError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An argument broke the input rules; thrown before any storage call. */
export class InvalidArgumentError extends CoatcheckError {
  /** The name of the offending argument or field, such as `metadata.ipAddress`. */
  readonly field: string;

  constructor(field: string, reason: string) {
    super(`Invalid ${field}: ${reason}`);
    this.field = field;
  }
}

/** The session to update or rotate is missing, expired or revoked. */
export class SessionRevokedError extends CoatcheckError {}

/** The storage backend failed; the original error is `cause`. */
export class StorageError extends CoatcheckError {
  /** The adapter that failed, such as `ioredis`. */
  readonly adapter: string;

  constructor(adapter: string, operation: string, cause: unknown) {
    super(`${adapter}: ${operation} failed: ${describeCause(cause)}`, { cause });
    this.adapter = adapter;
  }
}

const UUID_LIKE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Client errors may quote the command they failed on, keys and arguments included (the
 * Upstash client appends `command was: [...]`): drop that part and mask anything shaped like
 * a session id, so the message is safe to log.
 */
function describeCause(cause: unknown): string {
  let text: string;
  try {
    text = cause instanceof Error ? cause.message : String(cause);
  } catch {
    text = 'unprintable error'; // e.g. an object without a prototype
  }
  const withoutCommand = text.split(/,?\s*command was:/i)[0] ?? '';
  return withoutCommand.replace(UUID_LIKE, (id) => `${id.slice(0, 4)}…`).slice(0, 300);
}
