import { Forbidden } from '../../http/errors.ts';
import type { Role } from './auth.repository.ts';

/** The signed-in user as every service sees it. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  personId: number | null;
  scopeRegionId: number;
  scopePath: string;
  scopeName: string;
  scopeLevel: 'district' | 'town' | 'community' | 'grid';
}

/** A region (by its path) is visible when it lies inside the user's scope. */
export function inScope(user: SessionUser, regionPath: string): boolean {
  return regionPath.startsWith(user.scopePath);
}

export function assertInScope(user: SessionUser, regionPath: string): void {
  if (!inScope(user, regionPath)) throw Forbidden();
}

/** Roles whose work needs residents' full ID numbers and phones (each full view is audited). */
const PII_ROLES: ReadonlySet<Role> = new Set(['admin', 'district_command', 'grid_worker']);
export function mayRevealPii(user: SessionUser): boolean {
  return PII_ROLES.has(user.role);
}

/** Roles that may change the roster (imports). */
const ROSTER_ROLES: ReadonlySet<Role> = new Set(['admin', 'district_command']);
export function mayImport(user: SessionUser): boolean {
  return ROSTER_ROLES.has(user.role);
}

export function assertRole(user: SessionUser, allowed: (u: SessionUser) => boolean): void {
  if (!allowed(user)) throw Forbidden();
}

/** Roles that set up and change the command structure. */
const COMMAND_ROLES: ReadonlySet<Role> = new Set(['admin', 'district_command']);
export function mayCommand(user: SessionUser): boolean {
  return COMMAND_ROLES.has(user.role);
}
