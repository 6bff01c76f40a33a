import { z } from 'zod';
import { ZShift } from './points.ts';

/** 跨区域调配 — redeployment: staffing gaps, the people free to fill them, and plans. */

export const GAP_KINDS = ['point_role', 'squad', 'request'] as const;
export const ZGapKind = z.enum(GAP_KINDS);
export type TGapKind = z.infer<typeof ZGapKind>;

/** Kinds of available people, as the command counts them. */
export const AVAILABLE_KINDS = ['cadre', 'community_cadre', 'medical', 'report_in', 'volunteer'] as const;
export const ZAvailableKind = z.enum(AVAILABLE_KINDS);

export const ZGap = z.object({
  kind: ZGapKind,
  /** The point, squad or request. */
  targetId: z.number().int(),
  /** The point role short, for a point's gap (team_roles.role). */
  role: z.string().nullable(),
  /** How many people it is short (1 for a request). */
  short: z.number().int(),
  /** The point's, squad's or request's name as shown. */
  name: z.string(),
  /** Town / community. */
  where: z.string(),
  /** False when a plan cannot fill it (a point chief comes by assignment, not redeployment). */
  fillable: z.boolean(),
});
export type TGap = z.infer<typeof ZGap>;

export const ZGapsView = z.object({
  shiftDate: z.string(),
  shift: ZShift,
  gaps: z.array(ZGap),
  /** Gap units by kind: people short at points, in squads, overdue requests. */
  totals: z.object({ point_role: z.number().int(), squad: z.number().int(), request: z.number().int() }),
  /** Available people by kind and by town. */
  available: z.object({
    total: z.number().int(),
    byKind: z.record(z.string(), z.number().int()),
    byTown: z.array(z.object({ town: z.string(), n: z.number().int() })),
  }),
});
export type TGapsView = z.infer<typeof ZGapsView>;

export const ZMove = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  /** The person's kind: cadre, medical, volunteer... */
  personKind: z.string(),
  /** Home community: where they come from. */
  from: z.string(),
  gapKind: ZGapKind,
  targetId: z.number().int(),
  /** The post: the point, squad or request. */
  to: z.string(),
  role: z.string().nullable(),
  /** The post in words: the place and the role. */
  post: z.string(),
  meters: z.number().int(),
  acceptedAt: z.string().nullable(),
});
export type TMove = z.infer<typeof ZMove>;

export const PLAN_STATUSES = ['proposed', 'accepted', 'partly_accepted', 'discarded'] as const;

export const ZPlan = z.object({
  id: z.number().int(),
  status: z.enum(PLAN_STATUSES),
  createdAt: z.string(),
  /** Gap units when the plan was made, and how many of them the plan fills. */
  gapCount: z.number().int(),
  filledCount: z.number().int(),
  totalMeters: z.number().int(),
  /** People available when the plan was made. */
  availableCount: z.number().int().optional(),
  /** How long the plan took to build, in milliseconds (only on the answer that built it). */
  computeMs: z.number().optional(),
  moves: z.array(ZMove),
});
export type TPlan = z.infer<typeof ZPlan>;

export const ZAcceptRequest = z.object({
  /** The moves to carry out; all of the plan's when left out. */
  moveIds: z.array(z.number().int().positive()).min(1).max(10_000).optional(),
});
export type TAcceptRequest = z.infer<typeof ZAcceptRequest>;

export const ZCallEntry = z.object({
  personId: z.number().int(),
  name: z.string(),
  phone: z.string().nullable(),
  /** The new post: point and role, squad, or request. */
  post: z.string(),
  address: z.string(),
});
export type TCallEntry = z.infer<typeof ZCallEntry>;

export const ZAcceptResult = z.object({
  planId: z.number().int(),
  status: z.enum(PLAN_STATUSES),
  accepted: z.number().int(),
  /** Accounts sent a notice of their new post. */
  notified: z.number().int(),
  /** People with no account: to be called. */
  callList: z.array(ZCallEntry),
});
export type TAcceptResult = z.infer<typeof ZAcceptResult>;
