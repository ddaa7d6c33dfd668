import type { Redis } from 'ioredis';

/** Counts what a backend receives while operations run one at a time. */
export interface RequestCounter {
  /** What is counted, for the table header: `commands` or `HTTP requests`. */
  readonly unit: string;
  /** Whether requests can carry several operations (auto-pipelining): then count at 64 too. */
  readonly batches?: boolean;
  /** Starts counting from zero. */
  start(): Promise<void>;
  /** Stops counting and resolves with the count since `start`. */
  stop(): Promise<number>;
}

const SENTINEL = 'coatcheck-bench-counter-sentinel';

/**
 * Counts client commands as the server sees them, through MONITOR: every command a client
 * sent, and none of the calls a Lua script made (MONITOR tags those with the source `lua`).
 * The caller must keep other clients quiet while counting.
 */
export class RedisCommandCounter implements RequestCounter {
  readonly unit = 'commands';
  readonly #admin: Redis;
  #monitor: Redis | undefined;
  #count = 0;
  #sentinelSeen: (() => void) | undefined;

  /** @param admin - a connected client; MONITOR runs on a duplicate of it. */
  constructor(admin: Redis) {
    this.#admin = admin;
  }

  /** Opens a MONITOR connection and counts from the moment the server feeds it. */
  async start(): Promise<void> {
    this.#count = 0;
    const monitor = await this.#admin.monitor();
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (args[0]?.toLowerCase() === 'echo' && args[1] === SENTINEL) {
        this.#sentinelSeen?.();
        return;
      }
      if (source !== 'lua') this.#count++;
    });
    this.#monitor = monitor;
    // MONITOR starts asynchronously: wait for our own sentinel so that nothing is missed.
    await this.#flush();
    this.#count = 0;
  }

  /** Waits until MONITOR has delivered every command sent so far, then closes it. */
  async stop(): Promise<number> {
    await this.#flush();
    const count = this.#count;
    this.#monitor?.disconnect();
    this.#monitor = undefined;
    return count;
  }

  async #flush(): Promise<void> {
    const seen = new Promise<void>((resolve) => {
      this.#sentinelSeen = resolve;
    });
    await this.#admin.echo(SENTINEL);
    await seen;
    this.#sentinelSeen = undefined;
  }
}

// Commands of the bench itself, never of a workload.
const ADMIN_COMMANDS = new Set([
  'info',
  'config',
  'echo',
  'ping',
  'client',
  'hello',
  'select',
  'monitor',
]);
const SCRIPT_COMMANDS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro']);

/** Redis CPU time over a span of operations. */
export interface ServerTime {
  /** Microseconds: of the scripts when scripts ran, else of all commands. */
  readonly micros: number;
  /**
   * When scripts ran: the commands other than scripts (for a row whose operations are one
   * script each, the calls its script made) and the microseconds spent in them, which are part
   * of `micros`. The rest of `micros` is running the Lua and the script call itself.
   */
  readonly scriptCalls?: { readonly calls: number; readonly micros: number };
}

/**
 * Redis CPU time spent on commands, from `INFO commandstats` after `CONFIG RESETSTAT`. When
 * scripts ran, only script commands are summed: the calls a script makes are counted inside
 * its own time as well as under their own names (reported apart as `scriptCalls`).
 */
export class RedisServerTimer {
  readonly #admin: Redis;

  /** @param admin - a connected client that issues the statistics commands. */
  constructor(admin: Redis) {
    this.#admin = admin;
  }

  /** Zeroes the command statistics (`CONFIG RESETSTAT`). */
  async start(): Promise<void> {
    await this.#admin.config('RESETSTAT');
  }

  /** Redis CPU time since `start`. */
  async stop(): Promise<ServerTime> {
    const info = await this.#admin.info('commandstats');
    let scripts = 0;
    let plain = 0;
    let plainCalls = 0;
    let ranScripts = false;
    for (const match of info.matchAll(/cmdstat_([\w|]+):calls=(\d+),usec=(\d+)/g)) {
      const name = match[1]!.toLowerCase();
      if (ADMIN_COMMANDS.has(name)) continue;
      if (SCRIPT_COMMANDS.has(name)) {
        ranScripts ||= Number(match[2]) > 0;
        scripts += Number(match[3]);
      } else {
        plain += Number(match[3]);
        plainCalls += Number(match[2]);
      }
    }
    return ranScripts
      ? { micros: scripts, scriptCalls: { calls: plainCalls, micros: plain } }
      : { micros: plain };
  }
}
