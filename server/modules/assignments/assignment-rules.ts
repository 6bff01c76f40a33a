import type { AssignmentRole, UnitType } from './assignments.repository.ts';

/** Which roles a unit of each type has. */
export const ROLES_OF_UNIT: Record<UnitType, readonly AssignmentRole[]> = {
  town: ['area_chief'],
  command_unit: ['commander', 'member'],
  org: ['secretary', 'deputy_secretary', 'member'],
  checkpoint: ['roster'],
  point: ['point_chief'],
  team: ['team_captain'],
};

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
