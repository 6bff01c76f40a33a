import { currentLocale } from './i18n.ts';

/** 12345 → "12,345" in the user's language. */
export function formatCount(n: number): string {
  return n.toLocaleString(currentLocale());
}

const DATE_TIME: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false };

/** A timestamp from the server, in the user's language and time zone: "2022/07/08 09:30". */
export function formatDateTime(timestamp: string): string {
  const d = new Date(timestamp);
  return Number.isNaN(d.getTime()) ? timestamp : d.toLocaleString(currentLocale(), DATE_TIME);
}
