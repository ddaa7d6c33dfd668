import { InvalidArgumentError } from '@coatcheck/core';
import type { Redis, Requester } from '@upstash/redis';

/**
 * The client's `Requester`: the layer that turns a request body into one HTTP request, with
 * the client's bearer token, `Upstash-Encoding: base64` decoding, retries, `signal`, read-your-
 * writes token and any middleware added with `redis.use()`.
 *
 * `@upstash/redis` 1.39 has no public way to send a pipeline and get its replies raw:
 * `redis.pipeline()` and `redis.multi()` JSON-parse every reply unless the *client* was built
 * with `automaticDeserialization: false` (turning a stored `"123"` into `123`, `'"a"'` into `a`,
 * `'null'` into nil, past recovery); `new Pipeline({ client, commandOptions })` and the
 * exported `EvalshaCommand` are public but need a `Requester`; a custom `Requester` makes a
 * new client, it does not reach the one given; and capturing the layer through `redis.use()`
 * would add a middleware to the caller's client for good and skip middleware added later.
 * So the adapter reads the one declared but protected field, `client` (typed `Requester` in
 * the package's declarations), and uses it only through the public `Requester` contract
 * (`request({ path, body })`). `test/client-contract.test.ts` pins every part of this
 * against the installed release.
 */
export function requesterOf(client: Redis): Requester {
  const requester = (client as unknown as { client?: Partial<Requester> } | null)?.client;
  if (typeof requester?.request !== 'function') {
    throw new InvalidArgumentError('client', 'must be a Redis client from @upstash/redis');
  }
  return requester as Requester;
}
