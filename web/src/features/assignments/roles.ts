import type { TFunction } from 'i18next';
import type { TPersonKind } from '../people/api.ts';
import type { TAssignableUnit, TAssignmentRole } from './api.ts';

/** Which roles a unit of each type has (the server's rule, mirrored to offer only what it accepts). */
export const ROLES_OF_UNIT: Record<TAssignableUnit, readonly TAssignmentRole[]> = {
  town: ['area_chief'],
  command_unit: ['commander', 'member'],
  org: ['secretary', 'deputy_secretary', 'member'],
  checkpoint: ['roster'],
  point: ['point_chief'],
  team: ['team_captain'],
};

/** Roles held by one person at a time in a unit. */
export const SINGLE_HOLDER_ROLES: ReadonlySet<TAssignmentRole> = new Set(['commander', 'secretary', 'point_chief', 'team_captain']);

/** Where a role's holders come from: 片长 are district leaders only; a checkpoint's roster from anyone; other posts start from the cadres. */
export function kindsFor(role: TAssignmentRole): { kind: TPersonKind | undefined; locked: boolean } {
  if (role === 'area_chief') return { kind: 'leader', locked: true };
  if (role === 'roster') return { kind: undefined, locked: false };
  return { kind: 'cadre', locked: false };
}

/** Posts in a party organisation are for party members only. */
export const needsPartyMember = (unitType: TAssignableUnit) => unitType === 'org';

/** A branch's plain members are 委员; a command unit's are 成员. */
export function roleLabel(t: TFunction, unitType: TAssignableUnit, role: TAssignmentRole): string {
  return t(`assignments.roles.${unitType === 'org' && role === 'member' ? 'branch_member' : role}`);
}

const ROLE_ORDER: TAssignmentRole[] = ['commander', 'area_chief', 'secretary', 'deputy_secretary', 'point_chief', 'team_captain', 'member', 'roster'];

/** Leads first, then deputies, then members; by name within a role. */
export function byRole<T extends { role: TAssignmentRole; name: string }>(holders: T[]): T[] {
  return [...holders].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.name.localeCompare(b.name, 'zh-CN'));
}

export const ROLE_COLOURS: Partial<Record<TAssignmentRole, string>> = {
  commander: 'blue',
  area_chief: 'gold',
  secretary: 'red',
  deputy_secretary: 'volcano',
};
