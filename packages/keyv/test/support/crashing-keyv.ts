import type Keyv from 'keyv';
import type { KeyvLike } from '../../src/index.js';

/** Thrown by {@link CrashingKeyv} where the process would have died. */
export class SimulatedCrash extends Error {}

/**
 * A Keyv stand-in that forwards to a real Keyv but writes one entry at a time and stops, as a
 * process that dies would, after `limit` writes. `beforeWrite` runs before each write, which lets
 * a test slip another process's operation in between a read and a write.
 */
export class CrashingKeyv implements KeyvLike {
  writes = 0;
  limit = Number.POSITIVE_INFINITY;
  beforeWrite: ((key: string) => Promise<void>) | undefined;
  readonly written: string[] = [];

  constructor(readonly inner: Keyv) {}

  get store(): unknown {
    return this.inner.store;
  }

  getRaw(key: string) {
    return this.inner.getRaw(key);
  }

  getManyRaw(keys: string[]) {
    return this.inner.getManyRaw(keys);
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    await this.#before(key);
    return this.inner.set(key, value, ttl);
  }

  async setMany(entries: { key: string; value: unknown; ttl?: number }[]): Promise<boolean[]> {
    const results: boolean[] = [];
    for (const entry of entries) results.push(await this.set(entry.key, entry.value, entry.ttl));
    return results;
  }

  async delete(key: string): Promise<boolean> {
    await this.#before(key);
    return this.inner.delete(key);
  }

  async deleteMany(keys: string[]): Promise<boolean[]> {
    const results: boolean[] = [];
    for (const key of keys) results.push(await this.delete(key));
    return results;
  }

  on(event: 'error', listener: (...args: unknown[]) => void): unknown {
    return this.inner.on(event, listener);
  }

  off(event: 'error', listener: (...args: unknown[]) => void): unknown {
    return this.inner.off(event, listener);
  }

  listeners(event: 'error'): unknown[] {
    return this.inner.listeners(event) as unknown[];
  }

  async #before(key: string): Promise<void> {
    await this.beforeWrite?.(key);
    if (this.writes >= this.limit)
      throw new SimulatedCrash(`simulated crash before writing ${key}`);
    this.writes++;
    this.written.push(key);
  }
}
