import { z } from 'zod';
import { ZZoneLevel } from './zones.ts';

export const POOL_SIZES = [1, 5, 10, 20] as const;
const ZPoolSize = z.union([z.literal(1), z.literal(5), z.literal(10), z.literal(20)]);
export const EXEMPTION_REASONS = ['vaccinated_48h', 'under_3', 'away', 'in_hospital'] as const;
export const ZExemptionReason = z.enum(EXEMPTION_REASONS);
/** What a tube's barcode may hold; checked by the server on every scan and by the scanning page on the spot. */
export const TUBE_CODE = /^[A-Za-z0-9-]{4,40}$/;

export const ZOpenRoundRequest = z
  .object({
    name: z.string().trim().min(1).max(100),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    /** Regions the round covers: the district, towns, communities or grids. */
    regionIds: z.array(z.number().int().positive()).max(2000).default([]),
    /** Risk areas the round covers. */
    zoneIds: z.array(z.number().int().positive()).max(200).default([]),
    /** Pool size outside any risk area that says otherwise, e.g. 10-in-1. */
    defaultPoolSize: ZPoolSize.default(10),
    /** Pool size per risk level, e.g. single tubes in sealed areas: at most one per level of the response's scheme (the server checks). */
    poolSizes: z.array(z.object({ level: ZZoneLevel, poolSize: ZPoolSize })).max(40).default([]),
  })
  .refine((r) => r.endsAt > r.startsAt, { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type TOpenRoundRequest = z.infer<typeof ZOpenRoundRequest>;

export const ZCoverage = z.object({
  /** Residents on the roster in scope. */
  residents: z.number().int(),
  exempt: z.number().int(),
  /** Residents less exemptions: who should be tested. */
  shouldTest: z.number().int(),
  tested: z.number().int(),
  untested: z.number().int(),
  /** tested / shouldTest, 0–1. */
  share: z.number(),
});
export type TCoverage = z.infer<typeof ZCoverage>;

export const ZRound = z.object({
  id: z.number().int(),
  responseId: z.number().int(),
  name: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['open', 'closed']),
  defaultPoolSize: z.number().int(),
  poolSizes: z.array(z.object({ level: ZZoneLevel, poolSize: z.number().int() })),
  scope: z.array(z.object({ kind: z.enum(['region', 'zone']), id: z.number().int(), name: z.string() })),
  coverage: ZCoverage,
  tubes: z.number().int(),
  visitors: z.number().int(),
  /** Lab results so far: positive pools, people recalled and how their retests came out. */
  results: z.object({ tubesWithResult: z.number().int(), positivePools: z.number().int(), recallsOpen: z.number().int(), cleared: z.number().int(), confirmed: z.number().int() }),
  homeTasksOpen: z.number().int(),
});
export type TRound = z.infer<typeof ZRound>;

export const ZRecordExemptionRequest = z.object({
  idNumber: z.string().trim().min(15).max(18),
  reason: ZExemptionReason,
  note: z.string().trim().max(500).optional(),
});

export const ZScanPerson = z.object({
  /** The ID number read from the personal code or typed. */
  idNumber: z.string().trim().min(1).max(40),
});

export const ZScanTube = z.object({
  code: z.string().trim().min(1).max(60),
  /** When the tube was closed; the server's time when missing. */
  scannedAt: z.coerce.date().optional(),
  persons: z.array(ZScanPerson).min(1).max(40),
});

export const ZScanBatch = z.object({
  /** Made up by the client once per submission (UUID): a resend with the same id changes nothing. */
  submissionId: z.uuid(),
  pointId: z.number().int().positive(),
  /** `retest`: single tubes of people recalled from a positive pool. */
  purpose: z.enum(['screen', 'retest']).default('screen'),
  tubes: z.array(ZScanTube).min(1).max(2000),
});
export type TScanBatch = z.infer<typeof ZScanBatch>;

export const ZScanResult = z.object({
  submissionId: z.string(),
  /** True when this submission had been received before: nothing was counted again. */
  replay: z.boolean(),
  tubes: z.number().int(),
  persons: z.number().int(),
  /** People not on the roster, counted apart. */
  visitors: z.number().int(),
});
export type TScanResult = z.infer<typeof ZScanResult>;

export const ZCoverageRow = ZCoverage.extend({ id: z.number().int(), name: z.string(), level: z.string() });
export const ZCoverageReport = z.object({
  roundId: z.number().int(),
  /** The region the rows are the parts of, or null for a flat list of grids. */
  parent: z.object({ id: z.number().int(), name: z.string(), level: z.string() }).nullable(),
  total: ZCoverage,
  rows: z.array(ZCoverageRow),
});
export type TCoverageReport = z.infer<typeof ZCoverageReport>;
export const ZCoverageQuery = z.object({
  /** The region whose parts to show; the caller's scope when missing. */
  regionId: z.coerce.number().int().positive().optional(),
  /** `grid`: every grid of the round's scope inside the region, flat. */
  level: z.enum(['grid']).optional(),
});

export const ZPointCoverage = z.object({
  items: z.array(z.object({ pointId: z.number().int(), name: z.string(), tubes: z.number().int(), persons: z.number().int(), visitors: z.number().int(), lastScanAt: z.string().nullable() })),
});

export const ZUntestedQuery = z
  .object({ gridId: z.coerce.number().int().positive().optional(), buildingId: z.coerce.number().int().positive().optional() })
  .refine((q) => (q.gridId === undefined) !== (q.buildingId === undefined), { message: 'give gridId or buildingId' });

export const ZUntestedPerson = z.object({
  residentId: z.number().int(),
  name: z.string(),
  /** Masked unless the caller may see it. */
  idNumber: z.string(),
  phone: z.string().nullable(),
  age: z.number().int(),
  building: z.string(),
  door: z.string(),
  specialGroups: z.array(z.string()),
  /** The latest door knock or phone call this round. */
  lastContact: z.object({ channel: z.enum(['door', 'phone']), outcome: z.string(), note: z.string().nullable(), at: z.string(), by: z.string().nullable() }).nullable(),
  /** An open home-sampling task, if there is one. */
  homeTask: z.boolean(),
});
export const ZUntestedList = z.object({
  roundId: z.number().int(),
  place: z.object({ kind: z.enum(['grid', 'building']), id: z.number().int(), name: z.string(), where: z.string() }),
  total: z.number().int(),
  items: z.array(ZUntestedPerson),
});
export type TUntestedList = z.infer<typeof ZUntestedList>;

export const SWEEP_OUTCOMES = ['will_come', 'no_answer', 'away', 'refused', 'home_sampling_needed'] as const;
export const ZSweepContactRequest = z.object({
  residentId: z.number().int().positive(),
  channel: z.enum(['door', 'phone']),
  outcome: z.enum(SWEEP_OUTCOMES),
  note: z.string().trim().max(500).optional(),
});

export const HOME_TASK_REASONS = ['bedridden', 'disabled', 'elderly', 'sealed_area', 'requested', 'retest'] as const;
export const ZHomeTasksQuery = z.object({
  regionId: z.coerce.number().int().positive().optional(),
  /** The area a point serves: its door-to-door squads' list. */
  pointId: z.coerce.number().int().positive().optional(),
  /** What one door-to-door squad was handed. */
  squadId: z.coerce.number().int().positive().optional(),
  status: z.enum(['open', 'done']).default('open'),
});
/** Hands the open tasks of some buildings to a door-to-door squad. */
export const ZHandOffRequest = z.object({ buildingIds: z.array(z.number().int().positive()).min(1).max(500), squadId: z.number().int().positive() });
export const ZHomeSquads = z.object({
  items: z.array(z.object({ id: z.number().int(), label: z.string(), where: z.string(), members: z.number().int(), near: z.boolean() })),
});
export const ZHandOffResult = z.object({ moved: z.number().int(), squad: z.string() });
/** Home-sampling tasks grouped by building, for a point's door-to-door squad. */
export const ZHomeTasks = z.object({
  roundId: z.number().int(),
  total: z.number().int(),
  urgent: z.number().int(),
  /** How many are in `buildings`: at most 2,000, urgent first, then by place. */
  listed: z.number().int(),
  buildings: z.array(z.object({
    buildingId: z.number().int(),
    building: z.string(),
    where: z.string(),
    tasks: z.array(z.object({
      id: z.number().int(), residentId: z.number().int(), name: z.string(), idNumber: z.string(), phone: z.string().nullable(), door: z.string(),
      reason: z.enum(HOME_TASK_REASONS), urgent: z.boolean(), specialGroups: z.array(z.string()),
      /** The door-to-door squad it was handed to ("team · squad"), if any. */
      squadId: z.number().int().nullable(), squad: z.string().nullable(), createdAt: z.string(), closedAt: z.string().nullable(),
    })),
  })),
});
export const ZGeneratedHomeTasks = z.object({ opened: z.number().int(), byReason: z.record(z.string(), z.number().int()) });

export const ZResultsRequest = z.object({
  results: z.array(z.object({ code: z.string().trim().min(1).max(60), result: z.enum(['negative', 'positive']) })).min(1).max(50_000),
});
export const ZResultsReport = z.object({ recorded: z.number().int(), positive: z.number().int(), recalled: z.number().int(), cleared: z.number().int(), confirmed: z.number().int() });

export const ZRecalls = z.object({
  items: z.array(z.object({
    id: z.number().int(), residentId: z.number().int(), name: z.string(), idNumber: z.string(), phone: z.string().nullable(), where: z.string(),
    poolCode: z.string(), retestCode: z.string().nullable(), status: z.enum(['open', 'cleared', 'confirmed']), createdAt: z.string(), closedAt: z.string().nullable(),
  })),
});
