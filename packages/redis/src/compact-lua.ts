/**
 * The form of a Lua script that is sent to Redis and hashed: full-line `--` comments, blank
 * lines and indentation dropped. The sources keep their comments for readers; the build runs
 * the same transformation over `src/lua/*.ts` (see `tsup.config.ts`) so bundles do not carry
 * them either. Idempotent, so sources and builds yield the very same script and SHA1.
 *
 * @remarks Safe because no script uses long strings (`[[...]]`) or a line-spanning string.
 */
export function compactLua(source: string): string {
  return source
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('--'))
    .join('\n');
}
