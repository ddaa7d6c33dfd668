import { connect, type Socket } from 'node:net';
import { encodeCommand, RespReplyError, type RespValue, readFrame } from './resp-parser.js';

/** An argument of {@link RespConnection.send}. */
export type RespArg = string | number | Buffer;

interface Pending {
  resolve(value: RespValue): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A minimal RESP2 connection to a loopback Redis: one command at a time or pipelined, each with
 * a timeout. Error replies reject with {@link RespReplyError}. Replies that answer no command
 * (the `MONITOR` stream) go to the `onUnsolicited` listener. It sends nothing by itself (no
 * `HELLO`, no `CLIENT SETINFO`), so the server's statistics show only what a test sent.
 */
export class RespConnection {
  readonly #socket: Socket;
  readonly #pending: Pending[] = [];
  readonly #timeoutMs: number;
  #buffer: Buffer = Buffer.alloc(0);
  #closed: Error | undefined;
  /** Receives every reply that arrives while no command is waiting. */
  onUnsolicited: ((value: RespValue) => void) | undefined;

  private constructor(socket: Socket, timeoutMs: number) {
    this.#socket = socket;
    this.#timeoutMs = timeoutMs;
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (error) => this.#fail(error));
    socket.on('close', () => this.#fail(new Error('connection closed')));
  }

  /** Connects to `127.0.0.1:port`, rejecting after `timeoutMs` (also each command's timeout). */
  static open(port: number, timeoutMs = 5000): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`redis on port ${port}: connect timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeListener('error', reject);
        resolve(new RespConnection(socket, timeoutMs));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Sends one command and resolves with its reply. */
  send(...args: RespArg[]): Promise<RespValue> {
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.#fail(new Error(`no reply to ${String(args[0])} in ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
      this.#pending.push({ resolve, reject, timer });
      this.#socket.write(encodeCommand(args));
    });
  }

  /** Closes the connection; commands still waiting reject. */
  close(): void {
    this.#socket.destroy();
    this.#fail(new Error('connection closed'));
  }

  #receive(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let offset = 0;
    for (;;) {
      const frame = readFrame(this.#buffer, offset);
      if (!frame) break;
      offset = frame.end;
      const waiting = frame.push ? undefined : this.#pending.shift();
      if (!waiting) {
        this.onUnsolicited?.(frame.value);
        continue;
      }
      clearTimeout(waiting.timer);
      if (frame.value instanceof RespReplyError) waiting.reject(frame.value);
      else waiting.resolve(frame.value);
    }
    this.#buffer = this.#buffer.subarray(offset);
  }

  #fail(error: Error): void {
    this.#closed ??= error;
    this.#socket.destroy();
    for (const waiting of this.#pending.splice(0)) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
  }
}

/** Opens a connection to `127.0.0.1:port`, sends one command, closes, and returns the reply. */
export async function redisCommand(port: number, ...args: RespArg[]): Promise<RespValue> {
  const connection = await RespConnection.open(port);
  try {
    return await connection.send(...args);
  } finally {
    connection.close();
  }
}

/** Parses `INFO` text into field → value (section headers and blank lines skipped). */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** `INFO <section>` of the server on `port`, parsed with {@link parseInfo}. */
export async function readInfo(port: number, section: string): Promise<Map<string, string>> {
  return parseInfo(String(await redisCommand(port, 'INFO', section)));
}
