import {
  type Did,
  SessionManager,
  type SessionManagerConfig,
  type SessionStorage,
} from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import type { InvalidationListener, InvalidationSource } from '@coatcheck/redis';
import { trackingUp } from '@coatcheck/redis-testing';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import type { Cluster, Redis } from 'ioredis';

/** A cached storage on `client` whose tracking is up. */
export function cachedStorage(
  client: Redis | Cluster,
  keyPrefix: string,
  cache: { maxEntries?: number; maxStalenessMs?: number } = {},
): Promise<IoRedisStorage> {
  return trackingUp(new IoRedisStorage(client, { keyPrefix, cache }));
}

/** A manager on `storage` and one signed-in session of a fresh user. */
export async function signedIn(
  storage: SessionStorage,
  options: { now?: () => number; config?: SessionManagerConfig } = {},
): Promise<{ sessions: SessionManager; did: Did; token: string; id: string }> {
  const sessions = new SessionManager({ storage, ...options });
  const did = randomDid();
  const { token, id } = await sessions.createSession(did, metadata());
  return { sessions, did, token, id };
}

/**
 * Counts the commands `client` sends (every node's, on a Cluster): a spy on `sendCommand`,
 * the real command still goes to the real server.
 */
export function commandCounter(client: Redis | Cluster): () => number {
  let count = 0;
  const nodes = client.isCluster ? (client as Cluster).nodes('all') : [client as Redis];
  for (const node of nodes) {
    const send = node.sendCommand.bind(node);
    node.sendCommand = (command, stream) => {
      count++;
      return send(command, stream);
    };
  }
  return () => count;
}

/**
 * An {@link InvalidationSource} the test drives by hand: it delivers exactly what the test
 * says, when it says, so a race can be staged in a chosen order.
 */
export class ManualInvalidation implements InvalidationSource {
  listener: InvalidationListener | undefined;

  subscribe(listener: InvalidationListener): void {
    this.listener = listener;
  }

  async close(): Promise<void> {
    this.listener = undefined;
  }
}
