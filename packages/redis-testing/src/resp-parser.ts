/** An error reply (`-ERR ...`, `!...`) as a value, so that it can sit inside an array. */
export class RespReplyError extends Error {
  override readonly name = 'RespReplyError';
}

/**
 * A decoded RESP2 or RESP3 value. Strings are decoded as UTF-8; RESP3 maps and sets become
 * flat arrays (a map as key, value, key, value...), which is all the test tools need.
 */
export type RespValue = string | number | bigint | boolean | null | RespReplyError | RespValue[];

/** One complete frame found in a buffer. */
export interface RespFrame {
  readonly value: RespValue;
  /** Offset just past the frame. */
  readonly end: number;
  /** A RESP3 push (`>`): out-of-band, not the reply to any command. */
  readonly push: boolean;
}

const CRLF = Buffer.from('\r\n');

function readLine(buffer: Buffer, start: number): { line: string; next: number } | undefined {
  const at = buffer.indexOf(CRLF, start);
  if (at < 0) return undefined;
  return { line: buffer.toString('utf8', start, at), next: at + 2 };
}

function readBlob(
  buffer: Buffer,
  length: number,
  start: number,
): { text: string; next: number } | undefined {
  if (buffer.length < start + length + 2) return undefined;
  return { text: buffer.toString('utf8', start, start + length), next: start + length + 2 };
}

function readAggregate(
  buffer: Buffer,
  count: number,
  start: number,
): { items: RespValue[]; next: number } | undefined {
  const items: RespValue[] = [];
  let next = start;
  for (let i = 0; i < count; i++) {
    const frame = readFrame(buffer, next);
    if (!frame) return undefined;
    items.push(frame.value);
    next = frame.end;
  }
  return { items, next };
}

/**
 * Reads one RESP2/RESP3 frame at `start`, or returns `undefined` when the buffer does not yet
 * hold all of it. Throws on bytes that are not RESP. An attribute (`|`) is skipped together with
 * the value it annotates, since Redis sends both as one reply.
 */
export function readFrame(buffer: Buffer, start: number): RespFrame | undefined {
  if (start >= buffer.length) return undefined;
  const type = String.fromCharCode(buffer[start]!);
  const header = readLine(buffer, start + 1);
  if (!header) return undefined;
  const { line, next } = header;
  const done = (value: RespValue, end: number, push = false): RespFrame => ({ value, end, push });
  switch (type) {
    case '+':
      return done(line, next);
    case '-':
      return done(new RespReplyError(line), next);
    case ':':
      return done(Number(line), next);
    case '_':
      return done(null, next);
    case ',':
      return done(Number(line.replace('inf', 'Infinity')), next);
    case '#':
      return done(line === 't', next);
    case '(':
      return done(BigInt(line), next);
    case '$':
    case '=':
    case '!': {
      const length = Number(line);
      if (length < 0) return done(null, next);
      const blob = readBlob(buffer, length, next);
      if (!blob) return undefined;
      if (type === '!') return done(new RespReplyError(blob.text), blob.next);
      // A verbatim string starts with its three-letter format and a colon.
      return done(type === '=' ? blob.text.slice(4) : blob.text, blob.next);
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      const count = Number(line);
      if (count < 0) return done(null, next);
      const pairs = type === '%' || type === '|';
      const aggregate = readAggregate(buffer, pairs ? count * 2 : count, next);
      if (!aggregate) return undefined;
      if (type === '|') {
        const annotated = readFrame(buffer, aggregate.next);
        return annotated && done(annotated.value, annotated.end, annotated.push);
      }
      return done(aggregate.items, aggregate.next, type === '>');
    }
    default:
      throw new Error(`not RESP: unexpected type byte ${JSON.stringify(type)}`);
  }
}

/** One command a client sent, as {@link readCommand} finds it. */
export interface RespCommand {
  /** The arguments, the command name first (as sent, not upper-cased). */
  readonly args: readonly string[];
  /** Offset just past the command. */
  readonly end: number;
}

/**
 * Reads one client command at `start`: a RESP array of bulk strings, or an inline command (a
 * line of space-separated words, as `redis-cli` and {@link rawCommand} send). An empty inline
 * line has no arguments, and Redis sends no reply to it. Returns `undefined` when incomplete.
 */
export function readCommand(buffer: Buffer, start: number): RespCommand | undefined {
  if (start >= buffer.length) return undefined;
  if (buffer[start] === 0x2a /* '*' */) {
    const frame = readFrame(buffer, start);
    if (!frame) return undefined;
    const args = Array.isArray(frame.value) ? frame.value.map(String) : [];
    return { args, end: frame.end };
  }
  const at = buffer.indexOf(0x0a /* '\n' */, start);
  if (at < 0) return undefined;
  const line = buffer.toString('utf8', start, at).replace(/\r$/, '');
  return { args: line.split(/\s+/).filter((word) => word !== ''), end: at + 1 };
}

/** Encodes a command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly (string | number | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), 'utf8');
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}
