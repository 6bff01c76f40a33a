import type { TRole } from '../../../../contracts/auth.ts';
import type { TNoticeScopeKind } from './api.ts';

/** Where a recipient stands with a notice: 未读, 已读未确认, 已确认. */
export type TReceiptState = 'unread' | 'read' | 'acknowledged';

export function receiptState(r: { readAt: string | null; acknowledgedAt: string | null }): TReceiptState {
  if (r.acknowledgedAt) return 'acknowledged';
  return r.readAt ? 'read' : 'unread';
}

export const STATE_COLOURS: Record<TReceiptState, string> = { unread: 'red', read: 'orange', acknowledged: 'green' };

export const SCOPE_KINDS: TNoticeScopeKind[] = ['all', 'orgs', 'region', 'response', 'role'];

/** Every role, in the order the command thinks of them; the record makes a new role a type error here. */
const ROLE_COLOURS: Record<TRole, string> = {
  district_command: 'red',
  area_chief: 'volcano',
  point_chief: 'orange',
  grid_worker: 'blue',
  team_captain: 'cyan',
  volunteer: 'green',
  admin: 'default',
};
export const ROLE_LIST = Object.keys(ROLE_COLOURS) as TRole[];
export const roleColour = (role: TRole) => ROLE_COLOURS[role];

/** Only web addresses become links: a notice's link must not run script or open a local file. */
export const isWebUrl = (url: string) => /^https?:\/\//i.test(url);
