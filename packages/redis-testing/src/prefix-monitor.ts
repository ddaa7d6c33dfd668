import { connect, type Socket } from 'node:net';
import { rawCommand } from './resp.js';

/** One command a server reported to `MONITOR`. */
export interface MonitoredCommand {
  /** The command name, lower case (`evalsha`, `hset`, ...). */
  readonly command: string;
  readonly args: readonly string[];
  /** Sent by a Lua script rather than by a client (Redis reports its source as `lua`). */
  readonly fromLua: boolean;
}

/** A `MONITOR` on several servers, keeping the commands that mention a prefix. */
export interface PrefixMonitor {
  /** Waits until every server's monitor has passed a marker, so every earlier line arrived. */
  sync(): Promise<void>;
  /** The commands since the last call, and forgets them. */
  take(): MonitoredCommand[];
  close(): void;
}

const UNESCAPED: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
};

/** `"a" "b\"c"` into `['a', 'b"c']`, undoing Redis's quoting (`\"`, `\\`, `\n`, `\xNN`). */
export function parseMonitorArgs(text: string): string[] {
  const args: string[] = [];
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    args.push(
      (match[1] ?? '').replace(/\\(x[0-9a-f]{2}|.)/gi, (_, code: string) => {
        if (code.length === 3) return String.fromCharCode(Number.parseInt(code.slice(1), 16));
        return UNESCAPED[code] ?? code;
      }),
    );
  }
  return args;
}

/**
 * Opens `MONITOR` on every port and collects the commands that mention `prefix` in an argument.
 * `sync()` sends `ECHO <prefix>marker-N` to each server and waits (bounded) until each monitor
 * has seen it, since monitor lines arrive apart from the replies they belong to.
 */
export async function monitorPrefix(
  ports: readonly number[],
  prefix: string,
): Promise<PrefixMonitor> {
  const seen: MonitoredCommand[] = [];
  const markers = new Map<string, number>();
  const sockets: Socket[] = [];
  const onLine = (line: string): void => {
    // +1700000000.123456 [0 127.0.0.1:51234] "evalsha" "..." ... or [0 lua] for scripts
    const head = /^\+\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$/.exec(line);
    if (head === null) return;
    const args = parseMonitorArgs(head[2] ?? '');
    const command = args[0]?.toLowerCase() ?? '';
    const marker = args[1];
    if (command === 'echo' && marker?.startsWith(prefix)) {
      markers.set(marker, (markers.get(marker) ?? 0) + 1);
    } else if (args.some((arg) => arg.includes(prefix))) {
      seen.push({ command, args, fromLua: head[1] === 'lua' });
    }
  };
  await Promise.all(
    ports.map(
      (port) =>
        new Promise<void>((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port });
          sockets.push(socket);
          let buffered = '';
          socket.once('error', reject);
          socket.on('connect', () => socket.write('MONITOR\r\n'));
          socket.on('data', (chunk) => {
            buffered += chunk.toString('latin1');
            const lines = buffered.split('\r\n');
            buffered = lines.pop() ?? '';
            for (const line of lines) {
              if (line === '+OK') resolve();
              else onLine(line);
            }
          });
        }),
    ),
  );
  let seq = 0;
  return {
    async sync() {
      const marker = `${prefix}marker-${seq++}`;
      await Promise.all(ports.map((port) => rawCommand(port, `ECHO ${marker}`)));
      for (let i = 0; i < 500 && (markers.get(marker) ?? 0) < ports.length; i++) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      if ((markers.get(marker) ?? 0) < ports.length)
        throw new Error(`a monitor never saw ${marker}`);
    },
    take: () => seen.splice(0, seen.length),
    close() {
      for (const socket of sockets) socket.destroy();
    },
  };
}
