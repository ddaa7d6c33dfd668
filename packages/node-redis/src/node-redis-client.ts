/** The arguments of node-redis's `evalSha` and `eval`. */
export interface ScriptOptions {
  readonly keys: string[];
  readonly arguments: string[];
}

/**
 * What coatcheck uses of a node-redis client: `evalSha` and `eval`, which a client from
 * `createClient()` and a cluster from `createCluster()` of the `redis` package (5 and 6) both
 * have. A cluster sends each to the master of the first key's slot.
 */
export interface NodeRedisClient {
  evalSha(sha1: string, options: ScriptOptions): Promise<unknown>;
  eval(script: string, options: ScriptOptions): Promise<unknown>;
}

/** The client's own key prefix (node-redis 6's `keyPrefix` option), when one is set. */
export function clientKeyPrefix(client: NodeRedisClient): unknown {
  const { options, _options } = client as {
    options?: { keyPrefix?: unknown };
    _options?: { keyPrefix?: unknown };
  };
  // A client exposes its options as `options`; a cluster keeps them in `_options`.
  return options?.keyPrefix ?? _options?.keyPrefix;
}
