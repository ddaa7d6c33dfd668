import { InvalidArgumentError } from './errors.js';
import type { SessionStorage } from './storage.js';

// The constructor checks its collaborators up front, so a typo in wiring fails at start-up with
// the field named, not on the first request.

export const LOGGER_METHODS = ['debug', 'info', 'warn', 'error'] as const;
export const HOOK_NAMES = ['onSessionCreated', 'onSessionRevoked'] as const;
/** The methods of {@link SessionStorage} that reach the backend, in the interface's order. */
export const STORAGE_OPERATIONS = [
  'create',
  'get',
  'update',
  'revoke',
  'revokeAll',
  'revokeOthers',
  'rotate',
  'list',
  'revokeToken',
  'isTokenRevoked',
] as const;

export function assertStorage(storage: unknown): asserts storage is SessionStorage {
  if (storage === undefined) {
    throw new InvalidArgumentError('storage', 'is required, such as new MemoryStorage()');
  }
  assertMethods('storage', storage, STORAGE_OPERATIONS);
  const { name, capabilities } = storage as Partial<SessionStorage>;
  if (typeof name !== 'string') throw new InvalidArgumentError('storage.name', 'must be a string');
  if (typeof capabilities !== 'object' || capabilities === null) {
    throw new InvalidArgumentError('storage.capabilities', 'must be an object');
  }
}

/** `value` is an object whose `required` members are functions and `optional` ones absent or functions. */
export function assertMethods(
  field: string,
  value: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): void {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidArgumentError(field, 'must be an object');
  }
  const members = value as Record<string, unknown>;
  for (const method of required) {
    if (typeof members[method] !== 'function') {
      throw new InvalidArgumentError(`${field}.${method}`, 'must be a function');
    }
  }
  for (const method of optional) {
    if (members[method] !== undefined && typeof members[method] !== 'function') {
      throw new InvalidArgumentError(`${field}.${method}`, 'must be a function when given');
    }
  }
}
