/** One Redis command as the Upstash REST protocol carries it: name first, then arguments. */
export type RestCommand = readonly (string | number | boolean)[];

/** The three endpoints the `@upstash/redis` client posts to. */
export type Endpoint = 'single' | 'pipeline' | 'multi-exec';

/** A request body that does not describe valid commands: answered 400 with this message. */
export class BadRequestError extends Error {
  override name = 'BadRequestError';
}

/**
 * Commands that would change or block the one Redis connection every request shares (database
 * selection, transactions spanning requests, subscriptions, blocking pops). Upstash itself has
 * no such state per request either.
 */
const UNSUPPORTED = new Set([
  'auth',
  'blmove',
  'blmpop',
  'blpop',
  'brpop',
  'brpoplpush',
  'bzmpop',
  'bzpopmax',
  'bzpopmin',
  'client',
  'discard',
  'exec',
  'hello',
  'monitor',
  'multi',
  'psubscribe',
  'punsubscribe',
  'quit',
  'reset',
  'select',
  'shutdown',
  'ssubscribe',
  'subscribe',
  'sunsubscribe',
  'sync',
  'psync',
  'unsubscribe',
  'unwatch',
  'wait',
  'watch',
]);

/** Maps a URL path to its endpoint, or `null` for any other path. */
export function endpointOf(pathname: string): Endpoint | null {
  if (pathname === '/' || pathname === '') return 'single';
  if (pathname === '/pipeline') return 'pipeline';
  if (pathname === '/multi-exec') return 'multi-exec';
  return null;
}

/**
 * Checks one command and turns its arguments into the strings Redis expects: JSON numbers and
 * booleans arrive unquoted (`["set","k","v","px",5000]`) and are sent as their decimal text.
 */
export function toRedisArgs(command: unknown): [name: string, ...args: string[]] {
  if (!Array.isArray(command) || command.length === 0) {
    throw new BadRequestError('ERR a command must be a non-empty JSON array');
  }
  const parts = command.map((part: unknown, index) => {
    if (typeof part === 'string') return part;
    if (typeof part === 'number' && Number.isFinite(part)) return String(part);
    if (typeof part === 'boolean') return String(part);
    throw new BadRequestError(`ERR argument ${index} must be a string, number or boolean`);
  });
  const [name, ...args] = parts as [string, ...string[]];
  if (UNSUPPORTED.has(name.toLowerCase())) {
    throw new BadRequestError(`ERR command '${name}' is not supported by upstash-dev-server`);
  }
  return [name, ...args];
}

/** Parses a request body into the commands it carries: one for `/`, a list for the others. */
export function parseBody(endpoint: Endpoint, body: string): [string, ...string[]][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadRequestError('ERR the request body is not valid JSON');
  }
  if (endpoint === 'single') return [toRedisArgs(parsed)];
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new BadRequestError('ERR a pipeline must be a non-empty JSON array of commands');
  }
  return parsed.map(toRedisArgs);
}
