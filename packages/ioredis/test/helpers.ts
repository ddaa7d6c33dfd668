import { randomBytes } from 'node:crypto';
import type { IoRedisStorage } from '@coatcheck/ioredis';
import { sessionField, storedDeadline } from '@coatcheck/redis';
import type { StorageInspector } from '@coatcheck/storage-tests';
import { Cluster, Redis } from 'ioredis';
import { inject } from 'vitest';

/** A topology the tests run on. */
export type Topology = 'standalone' | 'cluster';

/** Both topologies, for `describe.each`. */
export const TOPOLOGIES: readonly Topology[] = ['standalone', 'cluster'];

/** A key prefix no other test uses. */
export function freshPrefix(): string {
  return `t${randomBytes(5).toString('hex')}:`;
}

/** A client of the shared server of `topology`; the caller quits it. */
export function connect(topology: Topology): Redis | Cluster {
  if (topology === 'standalone')
    return new Redis({ host: '127.0.0.1', port: inject('standalonePort') });
  return new Cluster(inject('clusterPorts').map((port) => ({ host: '127.0.0.1', port })));
}

/** One plain client per master (the standalone server counts as one master). */
export function masterClients(topology: Topology): Redis[] {
  const ports = topology === 'standalone' ? [inject('standalonePort')] : inject('clusterPorts');
  return ports.map((port) => new Redis({ host: '127.0.0.1', port }));
}

/** Every key under `prefix`, on every master, with its PTTL. */
export async function scanPrefix(topology: Topology, prefix: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const master of masterClients(topology)) {
    try {
      let cursor = '0';
      do {
        const [next, keys] = await master.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) found.set(key, await master.pttl(key));
      } while (cursor !== '0');
    } finally {
      master.disconnect();
    }
  }
  return found;
}

/**
 * The conformance suite's raw view of an {@link IoRedisStorage} on `client`: a record lives
 * until the earlier of its own deadline (in its value) and its hash's TTL (moved from the
 * server clock onto the suite's); `dump` is every key and value under the storage's prefix.
 */
export function inspector(client: Redis | Cluster, topology: Topology): StorageInspector {
  return {
    async recordTtlMs(storage, sessionId, now) {
      const key = (storage as IoRedisStorage).keys.bucket(sessionId);
      const [raw, ms] = await Promise.all([
        client.hget(key, sessionField(sessionId)),
        client.pttl(key),
      ]);
      const deadline = storedDeadline(raw);
      if (deadline === null || ms === -2) return null;
      const keyLeft = ms === -1 ? Number.POSITIVE_INFINITY : ms - (now - Date.now());
      const left = Math.min(deadline - now, keyLeft);
      return left > 0 ? left : null;
    },
    async dump(storage) {
      const prefix = (storage as IoRedisStorage).keys.prefix;
      const lines: string[] = [];
      for (const [key] of await scanPrefix(topology, prefix)) {
        const type = await client.type(key);
        const value =
          type === 'hash' ? JSON.stringify(await client.hgetall(key)) : await client.get(key);
        lines.push(`${key} ${value}`);
      }
      return lines.join('\n');
    },
  };
}
