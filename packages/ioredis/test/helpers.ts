import { randomBytes } from 'node:crypto';
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
