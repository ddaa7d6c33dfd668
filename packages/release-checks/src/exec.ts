import { execFile } from 'node:child_process';

/** What a finished command printed. */
export interface Output {
  readonly stdout: string;
  readonly stderr: string;
}

/** A failed command, with everything it printed. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly output: Output,
    readonly exitCode: number | null,
  ) {
    super(`${command} exited with ${exitCode}\n${output.stdout}\n${output.stderr}`.trim());
  }
}

/**
 * The environment without what `pnpm test` sets for its own run (`npm_config_*`, `pnpm_*`,
 * `INIT_CWD`): a consumer project must install and run as if a user typed the command.
 */
export function userEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(key) || key === 'INIT_CWD' || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs `file` with `args` in `cwd`; rejects with {@link CommandError} on a non-zero exit. */
export function run(
  file: string,
  args: readonly string[],
  options: {
    readonly cwd: string;
    readonly env?: Record<string, string>;
    /** Kills the command after this many milliseconds; default: never. */
    readonly timeoutMs?: number;
  },
): Promise<Output> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      {
        cwd: options.cwd,
        env: userEnvironment(options.env),
        maxBuffer: 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 0,
      },
      (error, stdout, stderr) => {
        if (error) {
          const code = typeof error.code === 'number' ? error.code : null;
          reject(new CommandError([file, ...args].join(' '), { stdout, stderr }, code));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}
