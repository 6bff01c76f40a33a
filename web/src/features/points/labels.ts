import type { TFunction } from 'i18next';
import type { TPersonKind } from '../people/api.ts';
import type { TPointStatus, TQueueStatus } from './api.ts';

export const STATUS_COLOURS: Record<TPointStatus, string> = {
  planned: 'default',
  setting_up: 'blue',
  open: 'green',
  paused: 'orange',
  relocating: 'purple',
  closed: 'default',
};
/** The lifecycle in its order: planned → setting up → open ⇄ paused, relocating, closed. */
export const STATUSES = Object.keys(STATUS_COLOURS) as TPointStatus[];

/** Green to red as the wait grows; grey while sampling rests. */
export const QUEUE_COLOURS: Record<TQueueStatus, string> = {
  under_25: 'green',
  over_25: 'orange',
  over_50: 'red',
  resting: 'default',
};
export const QUEUES = Object.keys(QUEUE_COLOURS) as TQueueStatus[];

/** Statuses in which a team may check in (the server's rule, mirrored to offer the button only then). */
export const RUNNING: ReadonlySet<TPointStatus> = new Set(['setting_up', 'open', 'paused', 'relocating']);

/** The roles of "1+3+10+N" the web knows how to name; the server's composition decides which there are. */
const TEAM_ROLES = ['point_chief', 'medical_lead', 'volunteer_captain', 'community_cadre', 'medical', 'volunteer'] as const;
type TTeamRole = (typeof TEAM_ROLES)[number];
const isTeamRole = (role: string): role is TTeamRole => (TEAM_ROLES as readonly string[]).includes(role);

/** 点长、医疗队队长、…; a role the web does not know yet shows as the server names it. */
export function teamRoleLabel(t: TFunction, role: string): string {
  return isTeamRole(role) ? t(`points.roles.${role}`) : role;
}

/**
 * Whom a role is usually filled from, to start the person picker there (the user may widen it;
 * the server has the last word): medical staff for medical posts, party members for the captain.
 */
export function pickerFor(role: string): { kind?: TPersonKind; partyMember?: boolean } {
  if (role === 'medical' || role === 'medical_lead') return { kind: 'medical' };
  if (role === 'community_cadre') return { kind: 'community_cadre' };
  if (role === 'volunteer_captain') return { partyMember: true };
  if (role === 'volunteer') return { kind: 'volunteer' };
  return {};
}
