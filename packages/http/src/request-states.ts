import { CoatcheckError } from '@coatcheck/core';

/** Per-request values of a middleware, found again by the helpers that get the same request. */
export interface RequestStates<Key extends object, State> {
  attach(request: Key, state: State): void;
  /** @throws CoatcheckError when the middleware did not run for this request. */
  of(request: Key): State;
}

/**
 * A store of per-request values, keyed by the framework's request or context object, so that
 * nothing internal shows up on it and nothing outlives it.
 *
 * @param packageName - named in the error when the middleware is missing.
 */
export function requestStates<Key extends object, State>(
  packageName: string,
): RequestStates<Key, State> {
  const states = new WeakMap<Key, State>();
  return {
    attach: (request, state) => {
      states.set(request, state);
    },
    of: (request) => {
      const state = states.get(request);
      if (state === undefined) {
        throw new CoatcheckError(`${packageName}: sessionMiddleware() does not run for this route`);
      }
      return state;
    },
  };
}
