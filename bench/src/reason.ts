/** An error as one line fit for the report: no stack, no file paths of this machine. */
export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text
    .split('\n')[0]!
    .replace(/(file:\/\/)?\/[\w.@+-]+(\/[\w.@+-]+)+/g, '<path>')
    .slice(0, 200);
}
