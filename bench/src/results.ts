/** Spread of one figure over the measured windows. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** How many windows (or samples) the figure is taken from. */
  readonly samples: number;
}

/** Throughput of one workload at one number of requests in flight, in operations per second. */
export interface ThroughputFigure {
  readonly concurrency: number;
  readonly opsPerSecond: Spread;
  /** The ops/s of each window the spread is taken from. */
  readonly windows: readonly number[];
  /** CPU time of the bench process per operation over the windows (client, and in-process servers). */
  readonly clientCpuMicrosPerOp: number;
}

/** One row of a throughput table. */
export interface ThroughputRow {
  /** Stable key, such as `ioredis.getSession.refresh`; goals refer to rows by it. */
  readonly id: string;
  /** Table the row belongs to, such as `IoRedisStorage`. */
  readonly group: string;
  readonly label: string;
  readonly figures: readonly ThroughputFigure[];
  /** Requests the backend sees per operation (Redis commands or HTTP requests), when counted. */
  readonly requestsPerOp?: number;
  /** Requests per operation with the most requests in flight, where the client batches. */
  readonly requestsPerOpInFlight?: { readonly concurrency: number; readonly value: number };
  /** What `requestsPerOp` counts. */
  readonly requestUnit?: string;
  /**
   * For goal rows: the ratio to the EVALSHA limit over paired windows (each window of the row
   * followed by one of the limit), at `concurrency` in flight.
   */
  readonly pairedRatio?: { readonly concurrency: number; readonly ratio: Spread };
  /**
   * Redis CPU time per operation (`INFO commandstats`) over the windows at the largest
   * concurrency: the figure that bounds throughput there.
   */
  readonly serverMicrosPerOp?: number;
  /** For script rows: the calls the script made per operation, part of `serverMicrosPerOp`. */
  readonly scriptCalls?: ScriptCalls;
}

/**
 * The commands a script called, per operation, and the Redis CPU time spent in them; the rest
 * of the script's time is running its Lua and the script call itself.
 */
export interface ScriptCalls {
  readonly callsPerOp: number;
  readonly microsPerOp: number;
}

/** A row that could not run, with the reason printed in the report. */
export interface SkippedRow {
  readonly group: string;
  readonly label: string;
  readonly reason: string;
}

/** One scaling point: an operation on a user holding `sessions` sessions. */
export interface ScalingPoint {
  readonly backend: string;
  readonly operation: string;
  readonly sessions: number;
  /** Time per operation at one in flight, in milliseconds. */
  readonly msPerOp: Spread;
  /** Client commands per operation as the server sees them (calls made by scripts excluded). */
  readonly commandsPerOp: number;
}

/** One footprint figure. */
export interface FootprintFigure {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly detail: string;
}

/** Where and on what the run happened. */
export interface Environment {
  readonly date: string;
  readonly node: string;
  readonly redis: string;
  readonly platform: string;
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly loadAverageStart: readonly number[];
  readonly loadAverageEnd: readonly number[];
  /** The highest 1-minute load average sampled during the run (every 5 s). */
  readonly loadAverageMax: number;
  readonly packages: readonly { readonly name: string; readonly version: string }[];
  readonly durationSeconds: number;
  readonly settings: string;
}

/** Everything one run measured. */
export interface BenchResults {
  readonly environment: Environment;
  readonly throughput: readonly ThroughputRow[];
  readonly scaling: readonly ScalingPoint[];
  readonly footprint: readonly FootprintFigure[];
  readonly skipped: readonly SkippedRow[];
}
