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
    /** When it started; now when omitted. Never later than now: assignments are recorded as they happen. */
    startsAt: z.coerce.date().optional(),
    /** When it ended, to record a past period; never later than now. */
    endsAt: z.coerce.date().optional(),
  });
export type TAssignRequest = z.infer<typeof ZAssignRequest>;

export const ZEndAssignmentRequest = z.object({
  /** When it ends; now when omitted, never later than now. */
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
  /** The user who made it (none for the seed's set-up). */
  assignedBy: z.number().int().nullable(),
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

export const ZAssignmentHistoryQuery = z.object({
  unitType: z.enum(UNIT_TYPES),
  unitId: z.coerce.number().int().positive(),
});
export type TAssignmentHistoryQuery = z.infer<typeof ZAssignmentHistoryQuery>;

/** One assignment of a unit, live or ended, in its history. */
export const ZAssignmentHistoryEntry = z.object({
  assignmentId: z.number().int(),
  role: z.enum(ASSIGNMENT_ROLES),
  personId: z.number().int(),
  name: z.string(),
  startsAt: z.string(),
  /** Null while it is held. */
  endsAt: z.string().nullable(),
  /** Display name of the user who made it; null for the seed's set-up. */
  assignedBy: z.string().nullable(),
  /** Display name of the user who ended it: by hand, by closing its unit, or by recording a past period. */
  endedBy: z.string().nullable(),
});
export type TAssignmentHistoryEntry = z.infer<typeof ZAssignmentHistoryEntry>;
