import { createHash } from 'node:crypto';

/** Script flags Upstash accepts that Redis 7 refuses (`ERR Unexpected flag in script shebang`). */
const UPSTASH_ONLY_FLAGS = new Set(['allow-key-locking']);
const SHEBANG = /^#!lua flags=([^\n]*)\n/;

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** `script` without the Upstash-only flags of its `#!lua` line; the same string when it has none. */
export function stripUpstashFlags(script: string): string {
  const match = SHEBANG.exec(script);
  if (match === null) return script;
  const flags = (match[1] ?? '').split(',').map((flag) => flag.trim());
  const kept = flags.filter((flag) => flag !== '' && !UPSTASH_ONLY_FLAGS.has(flag));
  if (kept.length === flags.length) return script;
  const line = kept.length === 0 ? '#!lua\n' : `#!lua flags=${kept.join(',')}\n`;
  return line + script.slice(match[0].length);
}

/**
 * Makes the scripts real Upstash accepts runnable on Redis 7: `EVAL` and `SCRIPT LOAD` lose the
 * Upstash-only flags, and an `EVALSHA` of the script as the client sent it (the SHA1 the client
 * computed) becomes an `EVALSHA` of the script Redis holds. A SHA1 it has not seen passes
 * through, so Redis answers `NOSCRIPT` and the client sends `EVAL`, as against Upstash.
 * (`SCRIPT LOAD` of such a script answers the SHA1 of the copy Redis holds; `EVALSHA` accepts
 * both.)
 */
export class ScriptFlagTranslator {
  /** SHA1 of a script as the client sent it → SHA1 of the script as Redis runs it. */
  readonly #shas = new Map<string, string>();

  /** The command to send to Redis instead of `command`. */
  translate(command: [string, ...string[]]): [string, ...string[]] {
    const name = command[0].toLowerCase();
    if ((name === 'eval' || name === 'eval_ro') && command[1] !== undefined) {
      return [command[0], this.#remember(command[1]), ...command.slice(2)];
    }
    if (name === 'script' && command[1]?.toLowerCase() === 'load' && command[2] !== undefined) {
      return [command[0], command[1], this.#remember(command[2]), ...command.slice(3)];
    }
    if ((name === 'evalsha' || name === 'evalsha_ro') && command[1] !== undefined) {
      const sha = this.#shas.get(command[1].toLowerCase());
      if (sha !== undefined) return [command[0], sha, ...command.slice(2)];
    }
    return command;
  }

  #remember(script: string): string {
    const stripped = stripUpstashFlags(script);
    if (stripped !== script) this.#shas.set(sha1(script), sha1(stripped));
    return stripped;
  }
}
