/** Polls `condition` every millisecond until it holds; throws after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** A storage with a client-side cache, as the Redis adapters have. */
export interface TrackingCacheStorage {
  readonly cache: { readonly tracking: boolean } | undefined;
}

/**
 * Resolves with `storage` once its cache's client tracking is up (a cache fills only then);
 * throws after 5 s.
 */
export async function trackingUp<S extends TrackingCacheStorage>(storage: S): Promise<S> {
  await waitFor(() => storage.cache?.tracking === true, 'tracking is up');
  return storage;
}
