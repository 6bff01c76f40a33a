import { currentLocale } from './i18n.ts';

/** 12345 → "12,345" in the user's language. */
export function formatCount(n: number): string {
  return n.toLocaleString(currentLocale());
}
