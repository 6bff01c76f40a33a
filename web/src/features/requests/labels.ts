import type { TRequestStatus } from './api.ts';

export const STATUS_COLOURS: Record<TRequestStatus, string> = {
  open: 'orange',
  claimed: 'blue',
  bought: 'cyan',
  delivered: 'purple',
  confirmed: 'green',
  answered: 'green',
  cancelled: 'default',
};
export const STATUSES = Object.keys(STATUS_COLOURS) as TRequestStatus[];
