import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { readCommand, readFrame } from './resp-parser.js';

/** A command as the proxy saw it on its way to Redis. */
export interface ProxiedCommand {
  /** The command name, upper-cased: `EVALSHA`. */
  readonly name: string;
  /** Every argument after the name, as UTF-8 text. */
  readonly args: readonly string[];
  /** The connection it came on: 1 for the first the proxy accepted. */
  readonly connection: number;
}

/**
 * Which command's reply to drop: a command name (`'EVALSHA'`, case-insensitive), a set of
 * them, `{ includes }` for a substring of the whole command (name and arguments joined by
 * spaces), or a predicate.
 */
export type CommandMatcher =
  | string
  | readonly string[]
  | { readonly includes: string }
  | ((command: ProxiedCommand) => boolean);

/** A running proxy; see {@link startReplyDroppingProxy}. */
export interface ReplyDroppingProxy {
  /** Always loopback. */
  readonly host: '127.0.0.1';
  /** The port clients connect to instead of Redis's. */
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /**
   * Arms the proxy: the next `times` commands that match (default 1) are forwarded to Redis,
   * and when Redis's reply to one arrives, the reply is discarded and the client's connection
   * destroyed, so the command ran but the client never learns its outcome. Commands the client
   * pipelined after it are not forwarded (they never ran). Re-arming replaces the matcher.
   */
  dropNextReplyTo(matcher: CommandMatcher, times?: number): void;
  /** Disarms the proxy. */
  disarm(): void;
  /** The commands whose replies were dropped, oldest first. */
  dropped(): readonly ProxiedCommand[];
  /** Commands forwarded to Redis since start or {@link ReplyDroppingProxy.resetCounts}. */
  commandCount(): number;
  /** The last commands forwarded (at most 1000), oldest first. */
  commands(): readonly ProxiedCommand[];
  /** Client connections accepted since start or {@link ReplyDroppingProxy.resetCounts}. */
  connectionCount(): number;
  /** Sets the counts back to 0 and clears the command and drop logs. */
  resetCounts(): void;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

const LOG_LIMIT = 1000;

/** Whether `command` is one `matcher` selects. */
export function commandMatches(matcher: CommandMatcher, command: ProxiedCommand): boolean {
  if (typeof matcher === 'function') return matcher(command);
  if (typeof matcher === 'string') return matcher.toUpperCase() === command.name;
  if (Array.isArray(matcher))
    return matcher.some((name: string) => name.toUpperCase() === command.name);
  const { includes } = matcher as { readonly includes: string };
  return [command.name, ...command.args].join(' ').includes(includes);
}

/**
 * Starts a TCP proxy on a free loopback port in front of the Redis on `targetPort`. It parses
 * RESP in both directions to pair each reply with its command (pipelined or not; RESP2 and
 * RESP3, whose push messages answer no command and are passed through), which lets it drop
 * exactly one reply: see {@link ReplyDroppingProxy.dropNextReplyTo}. Not for connections in
 * `MONITOR` or RESP2 subscriber mode, whose replies do not pair with commands.
 *
 * @example
 * ```ts
 * const proxy = await startReplyDroppingProxy({ targetPort: redis.port });
 * const client = new Redis(proxy.port, proxy.host);
 * proxy.dropNextReplyTo('EVALSHA');
 * await storage.revoke(id); // runs in Redis, reply lost, ioredis reconnects and sends it again
 * expect(proxy.dropped()).toHaveLength(1);
 * ```
 */
export async function startReplyDroppingProxy(options: {
  readonly targetPort: number;
}): Promise<ReplyDroppingProxy> {
  let armed: { matcher: CommandMatcher; times: number } | undefined;
  let log: ProxiedCommand[] = [];
  let drops: ProxiedCommand[] = [];
  let count = 0;
  let connections = 0;
  let connectionIds = 0;
  const sockets = new Set<Socket>();

  const shouldDrop = (command: ProxiedCommand): boolean => {
    if (!armed || !commandMatches(armed.matcher, command)) return false;
    armed.times -= 1;
    if (armed.times <= 0) armed = undefined;
    return true;
  };

  const server = createServer((client) => {
    const id = ++connectionIds;
    connections += 1;
    const upstream = connect({ host: '127.0.0.1', port: options.targetPort });
    sockets.add(client).add(upstream);
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', closeBoth);
      socket.on('close', closeBoth);
    }
    // One entry per forwarded command that Redis will answer, in order.
    const pending: { command: ProxiedCommand; drop: boolean }[] = [];
    let holding = false; // set once a dropped command is on its way: nothing after it is sent
    let cut = false; // set once its reply came: the connection is closing
    let fromClient = Buffer.alloc(0);
    let fromServer = Buffer.alloc(0);

    client.on('data', (chunk: Buffer) => {
      if (holding) return;
      fromClient = Buffer.concat([fromClient, chunk]);
      let offset = 0;
      let forwardUpTo = 0;
      while (!holding) {
        const parsed = readCommand(fromClient, offset);
        if (!parsed) break;
        offset = parsed.end;
        forwardUpTo = offset;
        const [name, ...args] = parsed.args;
        if (name === undefined) continue; // an empty inline line: Redis does not answer it
        const command: ProxiedCommand = { name: name.toUpperCase(), args, connection: id };
        count += 1;
        log.push(command);
        if (log.length > LOG_LIMIT) log = log.slice(-LOG_LIMIT);
        const drop = shouldDrop(command);
        pending.push({ command, drop });
        holding = drop;
      }
      if (forwardUpTo > 0) upstream.write(fromClient.subarray(0, forwardUpTo));
      fromClient = fromClient.subarray(offset);
    });

    upstream.on('data', (chunk: Buffer) => {
      if (cut) return;
      fromServer = Buffer.concat([fromServer, chunk]);
      let offset = 0;
      for (;;) {
        const frame = readFrame(fromServer, offset);
        if (!frame) break;
        const entry = frame.push ? undefined : pending.shift();
        if (entry?.drop) {
          if (offset > 0) client.write(fromServer.subarray(0, offset));
          drops.push(entry.command);
          cut = true;
          // Let the replies before it reach the client, then cut the connection.
          const timer = setTimeout(closeBoth, 1000);
          client.end(() => {
            clearTimeout(timer);
            closeBoth();
          });
          return;
        }
        offset = frame.end;
      }
      if (offset > 0) client.write(fromServer.subarray(0, offset));
      fromServer = fromServer.subarray(offset);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    url: `redis://127.0.0.1:${port}`,
    dropNextReplyTo(matcher, times = 1) {
      armed = { matcher, times };
    },
    disarm() {
      armed = undefined;
    },
    dropped: () => drops,
    commandCount: () => count,
    commands: () => log,
    connectionCount: () => connections,
    resetCounts() {
      count = 0;
      connections = 0;
      log = [];
      drops = [];
    },
    close() {
      armed = undefined;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
