import { fitsRole, ROLE_RULES } from '../points/points.service.ts';

/**
 * Who may fill which gap. A gap's need is a key: `role:<team role>` at a point, `squad:<kind>`,
 * or `request`. A squad takes people who are in no squad yet. Point roles go by the points module's rules (medical roles need medical staff, the
 * community cadre's role a community cadre or grid worker, the captain a party member); a point
 * chief is appointed, never redeployed.
 */

export interface Candidate {
  kind: string;
  partyMember: boolean;
  teamMember: boolean;
  inSquad: boolean;
  skills: readonly string[];
  /** Posts offered when reporting in (双报到); a report-in member takes only those. */
  reportPosts: readonly string[];
}

/** The skill a squad's work needs, and the report-in post that covers it. */
export const SQUAD_NEEDS: Record<string, { skill?: string; post: string }> = {
  errands: { post: 'errands' },
  door_to_door: { skill: 'sampling', post: 'door_to_door' },
  point_support: { post: 'sampling_support' },
  checkpoint: { post: 'checkpoint' },
  deliveries: { skill: 'driving', post: 'errands' },
};

/** Someone who is here only because they reported in: not a team member, not a cadre. */
const reportInOnly = (c: Candidate) => !c.teamMember && c.kind !== 'cadre' && c.kind !== 'community_cadre' && c.reportPosts.length > 0;

export function mayFill(c: Candidate, need: string): boolean {
  if (need.startsWith('role:')) {
    const role = need.slice(5);
    if (role === 'point_chief' || !fitsRole(role, c, false)) return false;
    const medicalRole = !!ROLE_RULES[role]?.kinds?.includes('medical');
    // Medical staff are kept for medical posts; a report-in member goes to a point only if they offered to support one.
    if (c.kind === 'medical' && !medicalRole) return false;
    return !reportInOnly(c) || c.reportPosts.includes('sampling_support');
  }
  // Medical staff are kept for medical posts, except door-to-door sampling, which is their work.
  if (need.startsWith('squad:')) {
    const kind = need.slice(6);
    const rule = SQUAD_NEEDS[kind];
    if (!rule || c.inSquad) return false;
    if (kind === 'door_to_door') {
      if (c.kind !== 'medical' && !c.skills.includes('sampling')) return false;
    } else {
      if (c.kind === 'medical') return false;
      if (rule.skill && !c.skills.includes(rule.skill)) return false;
    }
    return !reportInOnly(c) || c.reportPosts.includes(rule.post);
  }
  if (need === 'request') {
    if (c.kind === 'medical') return false;
    return !reportInOnly(c) || c.reportPosts.includes('errands') || c.reportPosts.includes('care_visits');
  }
  return false;
}

/** How the command counts a person: by kind, and the rest by how they came (a team, or reporting in). */
export function availableKind(c: Candidate): 'cadre' | 'community_cadre' | 'medical' | 'report_in' | 'volunteer' {
  if (c.kind === 'medical') return 'medical';
  if (c.kind === 'cadre' || c.kind === 'leader') return 'cadre';
  if (c.kind === 'community_cadre' || c.kind === 'grid_worker') return 'community_cadre';
  return c.teamMember ? 'volunteer' : 'report_in';
}

/**
 * The need a point role is planned as: roles with the same rule (the medical lead and medical staff
 * both need medical staff) are one need, so a point's medical posts are one group for the planner.
 */
export function roleNeed(role: string): string {
  const rule = JSON.stringify({ ...ROLE_RULES[role], message: undefined });
  const same = Object.keys(ROLE_RULES).find((r) => JSON.stringify({ ...ROLE_RULES[r], message: undefined }) === rule);
  return `role:${ROLE_RULES[role] ? same : role}`;
}
