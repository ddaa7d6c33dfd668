/**
 * Counts the calls of `target[method]` from now on, still making them: an event that is over
 * again before a poll could see its state (a connection that reconnects within a millisecond)
 * still counts.
 *
 * @example
 * ```ts
 * const downs = countCalls(storage.cache!, 'down');
 * await killConnection();
 * await waitFor(() => downs.count > 0, 'tracking went down');
 * ```
 */
export function countCalls<T extends object>(
  target: T,
  method: { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T],
): { readonly count: number } {
  const counter = { count: 0 };
  const original = target[method] as (...args: unknown[]) => unknown;
  const counted = (...args: unknown[]) => {
    counter.count++;
    return original.apply(target, args);
  };
  (target as Record<PropertyKey, unknown>)[method as PropertyKey] = counted;
  return counter;
}
