import type { ShiftRef } from './points.repository.ts';

/** China Standard Time has no daylight saving: the district's clock is UTC+8 all year. */
const DISTRICT_OFFSET_MS = 8 * 3600_000;

/**
 * The shift a moment falls in, on the district's clock: the day shift runs 08:00–20:00, the
 * night shift 20:00–08:00 and belongs to the date it began on.
 */
export function shiftAt(at: Date): ShiftRef {
  const local = new Date(at.getTime() + DISTRICT_OFFSET_MS);
  const hour = local.getUTCHours();
  if (hour >= 8 && hour < 20) return { shiftDate: local.toISOString().slice(0, 10), shift: 'day' };
  const began = hour < 8 ? new Date(local.getTime() - 24 * 3600_000) : local;
  return { shiftDate: began.toISOString().slice(0, 10), shift: 'night' };
}

/** `2022-07-08 09:30` on the district's clock, for messages. */
export function districtTime(at: Date): string {
  return new Date(at.getTime() + DISTRICT_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
