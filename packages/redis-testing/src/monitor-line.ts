/** One line of the `MONITOR` stream. */
export interface MonitorLine {
  /** `lua` for a command a script (or function) ran, else the client's address. */
  readonly source: string;
  /** The command and its arguments, as the bytes Redis saw. */
  readonly args: readonly Buffer[];
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8, '\\': 92, '"': 34 };

/** Decodes the quoted, `sdscatrepr`-escaped arguments that follow the `[db source]` header. */
function parseArgs(text: string): Buffer[] {
  const args: Buffer[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') {
      i += 1;
      continue;
    }
    const bytes: number[] = [];
    i += 1;
    while (i < text.length && text[i] !== '"') {
      const char = text[i]!;
      if (char !== '\\') {
        bytes.push(...Buffer.from(char, 'utf8'));
        i += 1;
        continue;
      }
      const next = text[i + 1] ?? '';
      if (next === 'x') {
        bytes.push(Number.parseInt(text.slice(i + 2, i + 4), 16));
        i += 4;
      } else {
        bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
        i += 2;
      }
    }
    args.push(Buffer.from(bytes));
    i += 1; // the closing quote
  }
  return args;
}

/**
 * Parses a `MONITOR` line such as `1700000000.123456 [0 lua] "get" "k"`; `undefined` for
 * anything else (the `OK` that starts the stream).
 */
export function parseMonitorLine(line: string): MonitorLine | undefined {
  const match = /^\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$/s.exec(line);
  if (!match) return undefined;
  return { source: match[1]!, args: parseArgs(match[2]!) };
}

const SCRIPT_COMMANDS = new Set(['EVAL', 'EVALSHA', 'EVAL_RO', 'EVALSHA_RO', 'FCALL', 'FCALL_RO']);

/** A script call's `MONITOR` line and the lines of the commands it ran. */
export interface ScriptCallLines {
  readonly line: MonitorLine;
  readonly lua: MonitorLine[];
}

/**
 * Groups lua lines with their script call. Redis 7.0 writes a script's commands after its
 * call; the order is probed at start so that a server writing them first is read right too.
 */
export function groupScriptCalls(
  lines: readonly MonitorLine[],
  luaFirst: boolean,
): ScriptCallLines[] {
  const calls: ScriptCallLines[] = [];
  let waiting: MonitorLine[] = [];
  for (const line of lines) {
    if (line.source === 'lua') {
      if (luaFirst) waiting.push(line);
      else calls.at(-1)?.lua.push(line);
      continue;
    }
    const name = line.args[0]?.toString('utf8').toUpperCase() ?? '';
    if (!SCRIPT_COMMANDS.has(name)) {
      waiting = [];
      continue;
    }
    calls.push({ line, lua: luaFirst ? waiting : [] });
    waiting = [];
  }
  return calls;
}
