import { startLinkRelay } from './link-relay.js';
import { type RedisServer, startRedisServer } from './redis-server.js';
import { readInfo, redisCommand } from './resp-client.js';

/** A replica started by {@link startRedisReplica}: a {@link RedisServer} plus link controls. */
export interface RedisReplica extends RedisServer {
  /**
   * Holds back the replication stream: writes the primary acknowledges from now on do not reach
   * the replica (and `WAIT` on the primary counts no replica) until
   * {@link RedisReplica.resumeReplication}. Deterministic, unlike pausing the replica: bytes
   * stay in the link, not in the replica's socket buffer.
   */
  holdReplication(): void;
  /** Delivers what was held and lets replication flow again. */
  resumeReplication(): void;
  /** Delays every byte the primary sends from now on by `delayMs` (0: none). */
  setLinkDelay(delayMs: number): void;
  /** Resolves once the replica has processed everything the primary has sent so far. */
  waitForSync(timeoutMs?: number): Promise<void>;
  /**
   * Cuts the link for good (held bytes are lost) and turns the replica into a primary with
   * `REPLICAOF NO ONE`. Call it after killing the primary to model a failover.
   */
  promote(): Promise<void>;
}

/** Options of {@link startRedisReplica}. */
export interface StartReplicaOptions {
  /**
   * Delay, in milliseconds, of every byte the primary sends the replica: a slow link, as a
   * replica in another zone has.
   * @defaultValue `0`
   */
  readonly linkDelayMs?: number;
  /** Extra `redis-server` arguments for the replica. */
  readonly args?: readonly string[];
  /** Give up waiting for `master_link_status:up` after this long. @defaultValue `10_000` */
  readonly timeoutMs?: number;
}

async function until(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function offsetOf(port: number, field: string): Promise<number> {
  return Number((await readInfo(port, 'replication')).get(field) ?? Number.NaN);
}

/**
 * Starts a replica of `primary` on a free loopback port, linked through a relay the test
 * controls (see {@link RedisReplica.holdReplication}), and resolves once the replica reports
 * `master_link_status:up` and the primary counts it as connected. It sets the primary's
 * `repl-diskless-sync-delay` to 0 so that the first sync starts at once.
 *
 * @example
 * ```ts
 * const primary = await startRedisServer();
 * const replica = await startRedisReplica(primary);
 * replica.holdReplication();
 * await client.set('k', 'v');          // acknowledged by the primary only
 * await primary.kill();
 * await replica.promote();             // 'k' is gone
 * ```
 */
export async function startRedisReplica(
  primary: Pick<RedisServer, 'port'>,
  options: StartReplicaOptions = {},
): Promise<RedisReplica> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  await redisCommand(primary.port, 'CONFIG', 'SET', 'repl-diskless-sync-delay', '0');
  const relay = await startLinkRelay(primary.port, options.linkDelayMs ?? 0);
  let server: RedisServer;
  try {
    server = await startRedisServer({
      args: ['--replicaof', '127.0.0.1', String(relay.port), ...(options.args ?? [])],
    });
  } catch (error) {
    await relay.cut();
    throw error;
  }
  const stop = async (): Promise<void> => {
    await relay.cut();
    await server.stop();
  };
  try {
    await until(`replica on ${server.port} links to ${primary.port}`, timeoutMs, async () => {
      const info = await readInfo(server.port, 'replication');
      return info.get('master_link_status') === 'up';
    });
    await until(`primary on ${primary.port} counts its replica`, timeoutMs, async () => {
      const info = await readInfo(primary.port, 'replication');
      return Number(info.get('connected_slaves')) >= 1;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ...server,
    stop,
    async kill() {
      await server.kill();
      await relay.cut();
    },
    holdReplication: () => relay.hold(),
    resumeReplication: () => relay.resume(),
    setLinkDelay: (delayMs) => relay.setDelay(delayMs),
    async waitForSync(waitMs = 5000) {
      const target = await offsetOf(primary.port, 'master_repl_offset');
      await until(`replica on ${server.port} reaches offset ${target}`, waitMs, async () => {
        return (await offsetOf(server.port, 'slave_repl_offset')) >= target;
      });
    },
    async promote() {
      await relay.cut();
      await redisCommand(server.port, 'REPLICAOF', 'NO', 'ONE');
    },
  };
}
