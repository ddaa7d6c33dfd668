import { type Did, SessionManager } from '@coatcheck/core';
import { IoRedisStorage } from '@coatcheck/ioredis';
import { metadata, randomDid } from '@coatcheck/storage-tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, freshPrefix, masterClients, TOPOLOGIES, type Topology } from './helpers.js';

interface Line {
  readonly command: string;
  readonly fromLua: boolean;
}

/** MONITOR on every master, collecting the lines that mention `prefix`. */
async function monitorAll(topology: Topology, prefix: string) {
  const clients = masterClients(topology);
  const lines: Line[] = [];
  const markers = new Map<string, number>();
  const monitors = await Promise.all(clients.map((client) => client.monitor()));
  for (const monitor of monitors) {
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (args[0]?.toLowerCase() === 'echo' && args[1]?.startsWith(prefix)) {
        markers.set(args[1], (markers.get(args[1]) ?? 0) + 1);
      } else if (args.some((arg) => arg.includes(prefix))) {
        // Redis marks the commands a script makes with "lua" as their source.
        lines.push({ command: args[0]?.toLowerCase() ?? '', fromLua: source === 'lua' });
      }
    });
  }
  let seq = 0;
  return {
    /** Waits until every master's monitor has passed a marker, so every earlier line arrived. */
    async sync(): Promise<void> {
      const marker = `${prefix}marker-${seq++}`;
      await Promise.all(clients.map((client) => client.echo(marker)));
      for (let i = 0; i < 500 && (markers.get(marker) ?? 0) < clients.length; i++) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      expect(markers.get(marker), 'every monitor saw the marker').toBe(clients.length);
    },
    /** Lines since the last call, and forgets them. */
    take(): Line[] {
      return lines.splice(0, lines.length);
    },
    async close(): Promise<void> {
      for (const monitor of monitors) monitor.disconnect();
      for (const client of clients) client.disconnect();
    },
  };
}

describe.each(TOPOLOGIES)('%s: one client command per operation', (topology) => {
  let client: ReturnType<typeof connect>;
  beforeAll(() => {
    client = connect(topology);
  });
  afterAll(() => client.quit());

  it.each([1, 100])('for a user holding %i session(s), proved with MONITOR', async (held) => {
    const prefix = freshPrefix();
    const manager = new SessionManager({
      storage: new IoRedisStorage(client, { keyPrefix: prefix }),
      // At the limit, so the measured create evicts; touch 0, so the measured get slides.
      config: { maxSessionsPerUser: held, touchIntervalSeconds: 0 },
    });
    const did: Did = randomDid();
    const tokens = new Map<string, string>();
    const create = async () => {
      const issued = await manager.createSession(did, metadata());
      tokens.set(issued.id, issued.token);
    };
    for (let i = 0; i < held; i++) await create();

    const monitor = await monitorAll(topology, prefix);
    const counts: Record<string, { client: string[]; lua: number }> = {};
    const measure = async (name: string, operation: () => Promise<unknown>) => {
      await monitor.sync();
      monitor.take();
      await operation();
      await monitor.sync();
      const lines = monitor.take();
      counts[name] = {
        client: lines.filter((line) => !line.fromLua).map((line) => line.command),
        lua: lines.filter((line) => line.fromLua).length,
      };
    };
    // Tops the user up to `held` live sessions between destructive steps (not measured).
    const refill = async () => {
      const have = (await manager.listSessions(did)).length;
      for (let i = have; i < held; i++) await create();
      return (await manager.listSessions(did)).map((s) => s.id);
    };
    try {
      await measure('createSession (at the limit, evicting)', create);
      const target = (await refill())[0] ?? '';
      await measure('getSession (sliding)', () => manager.getSession(tokens.get(target) ?? ''));
      await measure('updateSession', () => manager.updateSession(target, { scope: ['x'] }));
      await measure('listSessions', () => manager.listSessions(did));
      let rotated = target;
      await measure('rotateSession', async () => {
        rotated = (await manager.rotateSession(target)).id;
      });
      await measure('revokeSession', () => manager.revokeSession(rotated));
      const keep = (await refill())[0] ?? '';
      await measure('revokeOtherSessions', () => manager.revokeOtherSessions(did, keep));
      await refill();
      await measure('revokeAllSessions', () => manager.revokeAllSessions(did));
      await measure('revokeToken', () =>
        manager.revokeToken('jti-1', new Date(Date.now() + 60_000)),
      );
      await measure('isTokenRevoked', () => manager.isTokenRevoked('jti-1'));
    } finally {
      await monitor.close();
    }
    console.log(
      `${topology}, ${held} held: ${Object.entries(counts)
        .map(
          ([name, c]) =>
            `${name}: ${c.client.length} client (${c.client.join(',')}), ${c.lua} by lua`,
        )
        .join('; ')}`,
    );
    for (const [name, c] of Object.entries(counts)) {
      expect(c.client, name).toHaveLength(1);
      expect(['evalsha', 'eval'], name).toContain(c.client[0]);
      expect(c.lua, `${name}: the script did its work on the server`).toBeGreaterThan(0);
    }
    expect(Object.keys(counts)).toHaveLength(10);
  });
});
