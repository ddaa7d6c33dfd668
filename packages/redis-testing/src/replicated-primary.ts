import { type RedisReplica, startRedisReplica } from './redis-replica.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

/**
 * What a durability check drives on a primary and its replica. `failOver` ends with whatever
 * the test makes of the promoted replica (a session manager on it, typically).
 */
export interface ReplicaControls<T> {
  /** Stops delivering what the primary sends. */
  holdReplication(): void;
  /** Delays every byte the primary sends by `delayMs`. */
  setLinkDelay(delayMs: number): void;
  /** Kills the replica. */
  killReplica(): Promise<void>;
  /** Cuts the replica off, kills the primary, promotes the replica; what the test makes of it. */
  failOver(): Promise<T>;
}

/** A primary and its replica started by {@link startReplicatedPrimary}. */
export interface ReplicatedPrimary {
  readonly primary: RedisServer;
  readonly replica: RedisReplica;
  /**
   * Cuts the replica off (what it has not received is lost), kills the primary and promotes
   * the replica; resolves with the promoted replica's port.
   */
  failOver(): Promise<number>;
  /** The {@link ReplicaControls} of this pair; `failOver` ends with `onPromoted(port)`. */
  controls<T>(onPromoted: (port: number) => T | Promise<T>): ReplicaControls<T>;
  /** Stops both servers (a killed one too). */
  stop(): Promise<void>;
}

/**
 * Starts a primary and one replica linked through a relay the test controls (see
 * {@link RedisReplica.holdReplication}), each on a free loopback port.
 *
 * @example
 * ```ts
 * const servers = await startReplicatedPrimary();
 * servers.replica.holdReplication();
 * // ... a write the primary acknowledges but the replica never receives ...
 * const port = await servers.failOver(); // the write is gone on `port`
 * ```
 */
export async function startReplicatedPrimary(): Promise<ReplicatedPrimary> {
  const primary = await startRedisServer();
  const replica = await startRedisReplica(primary).catch(async (error: unknown) => {
    await primary.stop();
    throw error;
  });
  const failOver = async () => {
    replica.holdReplication();
    await primary.kill();
    await replica.promote();
    return replica.port;
  };
  return {
    primary,
    replica,
    failOver,
    controls: (onPromoted) => ({
      holdReplication: () => replica.holdReplication(),
      setLinkDelay: (delayMs) => replica.setLinkDelay(delayMs),
      killReplica: () => replica.kill(),
      failOver: async () => onPromoted(await failOver()),
    }),
    stop: async () => {
      await replica.stop();
      await primary.stop();
    },
  };
}
