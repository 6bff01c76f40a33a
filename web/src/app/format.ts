import { currentLocale } from './i18n.ts';

/** 12345 → "12,345" in the user's language. */
export function formatCount(n: number): string {
  return n.toLocaleString(currentLocale());
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** An instant in local time as officials write it: 2022-07-08 14:30. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}
