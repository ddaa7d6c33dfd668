const absolute = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** `27 Nov 2026, 09:12 UTC`: one fixed zone, since the server does not know the reader's. */
export function formatTime(date: Date): string {
  return `${absolute.format(date)} UTC`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const STEPS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** `just now`, `5 minutes ago`, `yesterday`. */
export function formatAgo(date: Date, now: number): string {
  let amount = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(amount) < 10) return 'just now';
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return relative.format(amount, unit);
    amount = Math.round(amount / size);
  }
  return formatTime(date);
}
