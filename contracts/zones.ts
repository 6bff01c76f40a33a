import { z } from 'zod';
import { ZHolder } from './assignments.ts';

/** A level's code within its scheme (`sealed`, `high`, …); the schemes and their levels are data. */
export const ZZoneLevel = z.string().trim().min(1).max(40);

export const ZRiskLevel = z.object({
  code: z.string(),
  /** 1 is the strictest. */
  rank: z.number().int(),
  nameZh: z.string(),
  nameEn: z.string(),
});
export const ZRiskScheme = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), levels: z.array(ZRiskLevel) });
export type TRiskScheme = z.infer<typeof ZRiskScheme>;
export type TRiskLevel = z.infer<typeof ZRiskLevel>;

export const ZDrawZoneRequest = z.object({
  name: z.string().trim().min(1).max(100),
  /** A level of the response's scheme: sealed/controlled/precaution or high/medium/low. */
  level: ZZoneLevel,
  /** Communities or grids the area covers. */
  regionIds: z.array(z.number().int().positive()).max(2000).default([]),
  /** Single buildings the area covers (a November-style area drawn by building). */
  buildingIds: z.array(z.number().int().positive()).max(5000).default([]),
  /** When it comes into force; now unless given. */
  startsAt: z.coerce.date().optional(),
  /** When it is lifted by itself; open unless given, and after the start. */
  endsAt: z.coerce.date().optional(),
});
export type TDrawZoneRequest = z.infer<typeof ZDrawZoneRequest>;

export const ZCheckpoint = z.object({
  id: z.number().int(),
  name: z.string(),
  location: z.string().nullable(),
  roster: z.array(ZHolder),
});

export const ZZone = z.object({
  id: z.number().int(),
  name: z.string(),
  level: ZZoneLevel,
  /** Started and not ended: only these count in the per-level totals. */
  active: z.boolean(),
  /** Drawn to start later, in force, or lifted (or ended by its end time). */
  state: z.enum(['planned', 'active', 'lifted']),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  members: z.array(z.object({ kind: z.enum(['region', 'building']), id: z.number().int(), name: z.string(), level: z.string() })),
  residents: z.number().int(),
  households: z.number().int(),
  history: z.array(z.object({
    from: ZZoneLevel.nullable(),
    to: ZZoneLevel,
    at: z.string(),
    /** The account that set the level; null when the system did (the demo seed). */
    by: z.number().int().nullable(),
    /** That account's display name, to say who changed it. */
    byName: z.string().nullable(),
  })),
  checkpoints: z.array(ZCheckpoint),
});
export type TZone = z.infer<typeof ZZone>;

export const ZZonesReport = z.object({
  scheme: z.string(),
  /** Residents and households inside the active areas of each level. */
  byLevel: z.array(z.object({ level: ZZoneLevel, rank: z.number().int(), zones: z.number().int(), residents: z.number().int(), households: z.number().int() })),
  zones: z.array(ZZone),
});
export type TZonesReport = z.infer<typeof ZZonesReport>;

export const ZSetLevelRequest = z.object({
  level: ZZoneLevel,
  /** The level the user saw; if someone changed it since, the change is refused with 409. */
  expectedLevel: ZZoneLevel.optional(),
});
export const ZCreateCheckpointRequest = z.object({ name: z.string().trim().min(1).max(100), location: z.string().trim().max(200).optional() });
