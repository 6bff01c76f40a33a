import { z } from 'zod';

export const ROLES = ['admin', 'district_command', 'area_chief', 'point_chief', 'grid_worker', 'team_captain', 'volunteer'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

export const ZLoginRequest = z.object({
  /** Account name, e.g. `command`. */
  username: z.string().trim().min(1).max(64),
  /** Password. */
  password: z.string().min(1).max(256),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZMe = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: ZRole,
  /** The region this account sees, with everything inside it. */
  scope: z.object({ id: z.number().int(), name: z.string(), level: z.enum(['district', 'town', 'community', 'grid']) }),
  /** Whether this account may reveal full ID numbers and phones (each reveal is audited). */
  mayRevealPii: z.boolean(),
  /** Whether this account may import rosters. */
  mayImport: z.boolean(),
  /** Whether this account may change the command structure (declare, assign, pair, draw areas, send notices). */
  mayCommand: z.boolean(),
});
export type TMe = z.infer<typeof ZMe>;
