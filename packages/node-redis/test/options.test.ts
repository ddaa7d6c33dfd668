import { describe, expect, it } from 'vitest';
import { NodeRedisStorage } from '../src/index.js';
import { fieldOf } from './field-of.js';

const client = { evalSha: async () => null, eval: async () => null };

describe('new NodeRedisStorage', () => {
  it('takes a client, a key prefix and durability', () => {
    const storage = new NodeRedisStorage(client, {
      keyPrefix: 'app:',
      durability: { replicas: 1, timeoutMs: 100 },
    });
    expect(storage.name).toBe('node-redis');
    expect(storage.keys.token('j')).toBe('app:t:j');
    expect(storage.durability).toEqual({ replicas: 1, timeoutMs: 100 });
    expect(new NodeRedisStorage(client).durability).toBeUndefined();
  });

  it('refuses bad options, naming the field', () => {
    const bad = (options: unknown) => fieldOf(() => new NodeRedisStorage(client, options as never));
    expect(fieldOf(() => new NodeRedisStorage({} as never))).toBe('client');
    expect(fieldOf(() => new NodeRedisStorage(null as never))).toBe('client');
    expect(bad({ keyPrefix: 'a{b}' })).toBe('keyPrefix');
    expect(bad({ durability: 1 })).toBe('durability');
    expect(bad({ durability: null })).toBe('durability');
    expect(bad({ durability: { replicas: 0, timeoutMs: 100 } })).toBe('durability.replicas');
    expect(bad({ durability: { replicas: 1.5, timeoutMs: 100 } })).toBe('durability.replicas');
    expect(bad({ durability: { timeoutMs: 100 } })).toBe('durability.replicas');
    expect(bad({ durability: { replicas: 1, timeoutMs: -1 } })).toBe('durability.timeoutMs');
    expect(bad({ durability: { replicas: 1, timeoutMs: '5' } })).toBe('durability.timeoutMs');
    expect(bad({ durability: { replicas: 1, timeoutMs: 5, wait: true } })).toBe('durability.wait');
    const prefixed = { ...client, options: { keyPrefix: 'x{' } };
    expect(fieldOf(() => new NodeRedisStorage(prefixed))).toBe('client.options.keyPrefix');
    const cluster = { ...client, _options: { keyPrefix: '}' } };
    expect(fieldOf(() => new NodeRedisStorage(cluster))).toBe('client.options.keyPrefix');
  });
});
