import type { RequestKind, RequestStatus } from './requests.repository.ts';

/** How long the team has from filing, by kind: medicine cannot wait, a question can wait half a day. */
export const DUE_MS: Record<RequestKind, number> = {
  medicine: 2 * 3600_000,
  errand: 4 * 3600_000,
  problem: 4 * 3600_000,
  question: 12 * 3600_000,
};

/** Past its due time a request goes to the captain; this much later still, to the command post. */
export const SECOND_ESCALATION_MS = 2 * 3600_000;

/** How often the server looks for overdue requests. */
export const ESCALATION_TICK_MS = 60_000;

/**
 * The lifecycle by kind. An errand or a medicine need is claimed, bought (with the receipt),
 * delivered (with proof) and confirmed by the household. A problem is claimed, delivered (the proof
 * says what was done) and confirmed by the household. A question is answered (claimed first or not).
 */
export function nextStatuses(kind: RequestKind, status: RequestStatus): readonly RequestStatus[] {
  const bought = kind === 'errand' || kind === 'medicine';
  switch (status) {
    case 'open':
      return kind === 'question' ? ['claimed', 'answered', 'cancelled'] : ['claimed', 'cancelled'];
    case 'claimed':
      return kind === 'question' ? ['answered'] : bought ? ['bought'] : ['delivered'];
    case 'bought':
      return ['delivered'];
    case 'delivered':
      return ['confirmed'];
    default:
      return [];
  }
}

/** `王小明` → `王*明`, `王明` → `王*`: enough to greet at the door, not to identify. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Whole years between a birth date and a day, both `YYYY-MM-DD`. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The district's calendar day (UTC+8) of a moment. */
export function districtDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
