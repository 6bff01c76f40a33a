import { z } from 'zod';
import { ZHolder } from './assignments.ts';

export const POINT_STATUSES = ['planned', 'setting_up', 'open', 'paused', 'relocating', 'closed'] as const;
export const ZPointStatus = z.enum(POINT_STATUSES);
export type TPointStatus = z.infer<typeof ZPointStatus>;
export const QUEUE_STATUSES = ['under_25', 'over_25', 'over_50', 'resting'] as const;
export const ZQueueStatus = z.enum(QUEUE_STATUSES);
export const SHIFTS = ['day', 'night'] as const;
export const ZShift = z.enum(SHIFTS);

const ZHour = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const ZCoords = { lat: z.number().min(-90).max(90).optional(), lng: z.number().min(-180).max(180).optional() };

export const ZCreatePointRequest = z.object({
  name: z.string().trim().min(1).max(100),
  /** The community the point stands in. */
  regionId: z.number().int().positive(),
  address: z.string().trim().min(1).max(200),
  ...ZCoords,
  desks: z.number().int().min(1).max(200).default(1),
  opensAt: ZHour.default('08:00'),
  closesAt: ZHour.default('20:00'),
  /** Communities and grids it serves. */
  servedRegionIds: z.array(z.number().int().positive()).min(1).max(500),
});
export type TCreatePointRequest = z.infer<typeof ZCreatePointRequest>;

export const ZSetPointStatusRequest = z.object({
  status: ZPointStatus,
  /** The status the user saw; if it changed since, the change is refused with 409. */
  expectedStatus: ZPointStatus.optional(),
});

export const ZRelocatePointRequest = z.object({
  address: z.string().trim().min(1).max(200),
  ...ZCoords,
  reason: z.string().trim().min(1).max(500),
});

export const ZQueueReport = z.object({ status: ZQueueStatus });

export const ZCheckinRequest = z.object({
  personId: z.number().int().positive(),
  /** A role of the team composition, e.g. `medical`. */
  role: z.string().regex(/^[a-z_]+$/),
});

export const ZTeamRole = z.object({ role: z.string(), required: z.number().int(), present: z.number().int() });
export const ZTeam = z.object({
  shiftDate: z.string(),
  shift: ZShift,
  /** Every role of the composition, how many it needs and how many are checked in now. */
  roles: z.array(ZTeamRole),
  complete: z.boolean(),
  /** Roles short of what they need. */
  missing: z.array(z.object({ role: z.string(), short: z.number().int() })),
  members: z.array(z.object({ checkinId: z.number().int(), personId: z.number().int(), name: z.string(), role: z.string(), checkedInAt: z.string() })),
});
export type TTeam = z.infer<typeof ZTeam>;

export const ZSite = z.object({
  address: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  since: z.string(),
  until: z.string().nullable(),
  movedReason: z.string().nullable(),
});

export const ZPointSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  status: ZPointStatus,
  address: z.string(),
  region: z.object({ id: z.number().int(), name: z.string() }),
  /** `站前街道 / 恒福社区`. */
  where: z.string(),
  chief: z.string().nullable(),
  desks: z.number().int(),
  opensAt: z.string(),
  closesAt: z.string(),
  queueStatus: ZQueueStatus.nullable(),
  /** Checked-in members this shift, and whether every role of the composition is filled. */
  teamPresent: z.number().int(),
  /** How many the composition needs in all ("1+3+10+N": 14), so a list can show 12/14. */
  teamRequired: z.number().int(),
  teamComplete: z.boolean(),
});
export type TPointSummary = z.infer<typeof ZPointSummary>;

export const ZPointList = z.object({
  items: z.array(ZPointSummary),
  total: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
});

export const ZPointsQuery = z.object({
  /** Points standing in this region (a town, a community). */
  regionId: z.coerce.number().int().positive().optional(),
  status: ZPointStatus.optional(),
  name: z.string().trim().min(1).max(50).optional(),
});

export const ZPoint = ZPointSummary.extend({
  site: ZSite,
  /** Earlier sites, newest first: a moved point's old address points here. */
  previousSites: z.array(ZSite),
  servedRegions: z.array(z.object({ id: z.number().int(), name: z.string(), level: z.string() })),
  chiefs: z.array(ZHolder),
  queueReportedAt: z.string().nullable(),
  team: ZTeam,
  history: z.array(z.object({ from: ZPointStatus.nullable(), to: ZPointStatus, at: z.string(), by: z.string().nullable() })),
  /** Status changes allowed from here. */
  next: z.array(ZPointStatus),
  /** Whether the caller may run this point (its chief, or the command). */
  mayRun: z.boolean(),
});
export type TPoint = z.infer<typeof ZPoint>;

/** What residents see without logging in. */
export const ZPublicPoint = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(['open', 'paused', 'relocating']),
  address: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  opensAt: z.string(),
  closesAt: z.string(),
  town: z.string(),
  serves: z.array(z.string()),
  queueStatus: ZQueueStatus.nullable(),
  /** `chief`: reported in the last 30 minutes; `scans`: paused, or no one swabbed for 20 minutes during a round. */
  queueSource: z.enum(['chief', 'scans']).nullable(),
  /** Set when the point moved today: residents going to the old address are pointed here. */
  movedFrom: z.string().nullable(),
});
export const ZPublicPoints = z.object({ items: z.array(ZPublicPoint), updatedAt: z.string() });
