import type { TZoneLevel } from './api.ts';

/** Red for the strictest level of either scheme, orange for the middle, blue for the mildest. */
export const LEVEL_COLOURS: Record<TZoneLevel, string> = {
  sealed: 'red',
  high: 'red',
  controlled: 'orange',
  medium: 'orange',
  precaution: 'blue',
  low: 'blue',
};
