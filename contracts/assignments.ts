import { z } from 'zod';

export const UNIT_TYPES = ['town', 'command_unit', 'org', 'checkpoint', 'point', 'team'] as const;
export const ASSIGNMENT_ROLES = ['area_chief', 'commander', 'secretary', 'deputy_secretary', 'member', 'point_chief', 'team_captain', 'roster'] as const;

export const ZAssignRequest = z
  .object({
    /** What is being made someone's responsibility: a town (片长), a command unit, a party organisation, … */
    unitType: z.enum(UNIT_TYPES),
    unitId: z.number().int().positive(),
    role: z.enum(ASSIGNMENT_ROLES),
    personId: z.number().int().positive(),
    /** When it starts; now when omitted. */
    startsAt: z.coerce.date().optional(),
    /** When it ends, if that is known already. */
    endsAt: z.coerce.date().optional(),
  });
export type TAssignRequest = z.infer<typeof ZAssignRequest>;

export const ZEndAssignmentRequest = z.object({
  /** When it ends; now when omitted. */
  endsAt: z.coerce.date().optional(),
});

export const ZAssignment = z.object({
  id: z.number().int(),
  unitType: z.enum(UNIT_TYPES),
  unitId: z.number().int(),
  role: z.enum(ASSIGNMENT_ROLES),
  personId: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
});
export type TAssignment = z.infer<typeof ZAssignment>;

export const ZHolder = z.object({
  assignmentId: z.number().int(),
  role: z.enum(ASSIGNMENT_ROLES),
  personId: z.number().int(),
  name: z.string(),
  title: z.string().nullable(),
  /** Masked. */
  phone: z.string().nullable(),
  partyMember: z.boolean(),
});
export type THolder = z.infer<typeof ZHolder>;
