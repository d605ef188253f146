// How sizes and dates read in the UI.

export { formatBytes } from '@sheaf/shared/format-bytes';

type Style = 'time' | 'dayMonth' | 'date' | 'long';
const STYLES: Readonly<Record<Style, Intl.DateTimeFormatOptions>> = {
  time: { hour: 'numeric', minute: '2-digit' },
  dayMonth: { month: 'short', day: 'numeric' },
  date: { year: 'numeric', month: 'short', day: 'numeric' },
  long: { dateStyle: 'full', timeStyle: 'short' },
};
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per locale and style, kept: `toLocale*String` with options builds a new one on every
 * call, which made dates most of the cost of rendering a folder of a thousand rows.
 */
function formatter(style: Style, locale: string | undefined): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${style}`;
  let made = formatters.get(key);
  if (made === undefined) {
    made = new Intl.DateTimeFormat(locale, STYLES[style]);
    formatters.set(key, made);
  }
  return made;
}

/** A short date: the time for today, the day for this year, the full date otherwise. */
export function formatShortDate(at: number, now: number, locale?: string): string {
  const date = new Date(at);
  const today = new Date(now);
  const sameYear = date.getFullYear() === today.getFullYear();
  if (sameYear && date.getMonth() === today.getMonth() && date.getDate() === today.getDate()) {
    return formatter('time', locale).format(date);
  }
  return formatter(sameYear ? 'dayMonth' : 'date', locale).format(date);
}

export const formatLongDate = (at: number, locale?: string): string => formatter('long', locale).format(new Date(at));

export const percent = (done: number, total: number): number =>
  total <= 0 ? 100 : Math.min(100, Math.floor((done / total) * 100));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the short date. */
export function formatRelative(at: number, now: number, locale?: string): string {
  const ago = now - at;
  if (ago < 45_000) return 'just now';
  if (ago < HOUR) return `${Math.max(1, Math.round(ago / MINUTE))} min ago`;
  if (ago < DAY) return `${Math.round(ago / HOUR)} h ago`;
  const days = Math.floor(ago / DAY);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return formatShortDate(at, now, locale);
}
