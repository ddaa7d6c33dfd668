/**
 * node-redis errors whose message is empty or says little; keyed by constructor name, which
 * stays the same across node-redis 5 and 6 (the classes do not set `name`).
 */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  TimeoutError: 'timeout: the command waited longer than commandOptions.timeout to be sent',
  AbortError: 'aborted before a reply arrived',
  ClientClosedError: 'client is closed',
  ClientOfflineError: 'client is offline (disableOfflineQueue is set and the connection is down)',
  SocketClosedUnexpectedlyError: 'connection closed before the reply arrived',
  SocketTimeoutError: 'timeout: no data within socket.socketTimeout, connection dropped',
  ConnectionTimeoutError: 'connect timed out (socket.connectTimeout)',
  DisconnectsClientError: 'client disconnected (destroy or close was called)',
};

/** Socket errors of a connection broken by the server or the network, not by a timeout. */
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * What node-redis rejects the commands in flight with when the server closes the connection.
 * Not `SocketTimeoutError`: that connection was dropped because the server stopped answering,
 * and sending again would only make the caller wait twice as long as it asked to.
 */
const LOST_TYPES = new Set(['SocketClosedUnexpectedlyError']);

function typeName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const named = (error as { name?: unknown }).name;
  if (typeof named === 'string' && named !== 'Error') return named;
  const ctor = (error as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' ? ctor.name : '';
}

function codeOf(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : '';
  return typeof code === 'string' ? code : '';
}

/**
 * Whether `error` says the connection was closed while the command was sent or awaiting its
 * reply, so the script may or may not have run. Replies from the server (`ErrorReply`,
 * `NOSCRIPT` included), timeouts and a closed or offline client are not: for those the runner
 * must not send the script again.
 */
export function isConnectionLost(error: unknown): boolean {
  return LOST_TYPES.has(typeName(error)) || LOST_CODES.has(codeOf(error));
}

/**
 * Whether the runner sends a script once more after `error` on attempt number `attempt`
 * (1 for the first send): only once, and only when the connection was lost. A re-sent script
 * returns the first run's outcome, so this turns an unknown outcome into a known one.
 */
export function shouldResend(error: unknown, attempt: number): boolean {
  return attempt === 1 && isConnectionLost(error);
}

/** Whether `error` is Redis's `NOSCRIPT` reply: the server does not hold the script. */
export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/** A one-line description of a client error, never empty. */
export function describeClientError(error: unknown): string {
  const message = error instanceof Error ? error.message.trim() : '';
  const type = typeName(error);
  const code = codeOf(error);
  const known = DESCRIPTIONS[type];
  if (message !== '') return message;
  if (known !== undefined) return known;
  if (code !== '') return `${code}${type === '' ? '' : ` (${type})`}`;
  if (error instanceof AggregateError) {
    const inner = error.errors.map(describeClientError).filter((text) => text !== '');
    if (inner.length > 0) return inner.join('; ');
  }
  return type === '' ? 'unknown client error' : type;
}

/** A node-redis error whose own message was empty, described; the original is `cause`. */
export class NodeRedisClientError extends Error {
  constructor(cause: unknown) {
    super(describeClientError(cause), { cause });
    this.name = 'NodeRedisClientError';
  }
}

/**
 * The error a runner rejects with: the client's own when its message says something, else a
 * {@link NodeRedisClientError} describing it, so `StorageError`'s message is never blank.
 */
export function clientFailure(error: unknown): unknown {
  return error instanceof Error && error.message.trim() !== ''
    ? error
    : new NodeRedisClientError(error);
}
