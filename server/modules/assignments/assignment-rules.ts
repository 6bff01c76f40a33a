import type { AssignmentRole, UnitType } from './assignments.repository.ts';

/** Roles held by one person at a time in a unit: the schema's, whose unique index holds it for the live holder. */
export { SINGLE_HOLDER_ROLES } from '../../db/schema/command.ts';

/** Which roles a unit of each type has. */
export const ROLES_OF_UNIT: Record<UnitType, readonly AssignmentRole[]> = {
  town: ['area_chief'],
  command_unit: ['commander', 'member'],
  org: ['secretary', 'deputy_secretary', 'member'],
  checkpoint: ['roster'],
  point: ['point_chief'],
  team: ['team_captain'],
};

/**
 * Assignments are recorded as they happen: everything reads `ends_at is null` as "holds it now",
 * so a start or an end may not lie ahead — beyond a minute's grace for clocks that differ.
 */
export const CLOCK_SKEW_MS = 60_000;
export const inFuture = (at: Date, now = new Date()) => at.getTime() > now.getTime() + CLOCK_SKEW_MS;

/** Roles of a party organisation: only party members may hold them. */
export const PARTY_ROLES: ReadonlySet<AssignmentRole> = new Set(['secretary', 'deputy_secretary', 'member']);

/**
 * The size rule for a party organisation by its number of members (secretary and deputies
 * included): under 3 a party group (党小组), 3 to 99 a branch (党支部), 100 or more a committee (党委).
 */
export function orgForm(memberCount: number): 'party_group' | 'branch' | 'committee' {
  if (memberCount < 3) return 'party_group';
  if (memberCount < 100) return 'branch';
  return 'committee';
}
