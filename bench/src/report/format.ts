import type { Spread } from '../results.js';

/** `12,345` */
export function integer(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

/** Three significant digits, without exponent: `0.123`, `12.3`, `1,234`. */
export function significant(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 1000) return integer(value);
  return Number(value.toPrecision(3)).toString();
}

/** `0.93` */
export function ratio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : 'n/a';
}

/** `12,345 (12,001–12,702)` */
export function opsSpread(value: Spread): string {
  return `${integer(value.median)} (${integer(value.min)}–${integer(value.max)})`;
}

/** `0.123 ms (0.101–0.150)` */
export function msSpread(value: Spread): string {
  return `${significant(value.median)} ms (${significant(value.min)}–${significant(value.max)})`;
}

/** A Markdown table; cells must not contain `|` unescaped. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Escapes text for SVG and XML. */
export function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
