import { describe, expect, it } from 'vitest';
import { rawCommand, startRedisCluster, startRedisServer } from '../src/index.js';

describe('startRedisServer', () => {
  it('starts a server that answers on loopback and stops it for good', async () => {
    const server = await startRedisServer();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(await rawCommand(server.port, 'PING')).toBe('+PONG\r\n');
    await server.stop();
    await expect(rawCommand(server.port, 'PING', 300)).rejects.toThrow();
    await server.stop(); // twice is fine
  });

  it('restarts on a fixed port', async () => {
    const first = await startRedisServer();
    await first.stop();
    const again = await startRedisServer({ port: first.port });
    expect(await rawCommand(again.port, 'PING')).toBe('+PONG\r\n');
    await again.stop();
  });
});

describe('startRedisCluster', () => {
  it('joins three masters that all report cluster_state:ok', async () => {
    const cluster = await startRedisCluster();
    try {
      expect(cluster.nodes).toHaveLength(3);
      for (const node of cluster.nodes) {
        expect(await rawCommand(node.port, 'CLUSTER INFO')).toContain('cluster_state:ok');
      }
    } finally {
      await cluster.stop();
    }
  }, 30_000);
});
