import { z } from 'zod';
import { ZHolder } from './assignments.ts';

export const REGION_LEVELS = ['district', 'town', 'community', 'grid'] as const;
export const ZRegionLevel = z.enum(REGION_LEVELS);

export const ZRegionSummary = z.object({
  id: z.number().int(),
  level: ZRegionLevel,
  code: z.string(),
  name: z.string(),
  /** Child regions (towns, communities or grids) directly under this one. */
  childCount: z.number().int(),
  buildingCount: z.number().int(),
  householdCount: z.number().int(),
  residentCount: z.number().int(),
});
export type TRegionSummary = z.infer<typeof ZRegionSummary>;

export const ZCrumb = z.object({ id: z.number().int(), level: ZRegionLevel, name: z.string() });

/** A grid worker in post; `id` is the post (released through /api/grid-workers/:id/end). */
export const ZGridWorker = z.object({ id: z.number().int(), personId: z.number().int(), name: z.string(), phone: z.string().nullable() });

export const ZBuildingSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  householdCount: z.number().int(),
  residentCount: z.number().int(),
});

export const ZRegionDetail = z.object({
  region: ZRegionSummary,
  /** From the top of the caller's scope down to this region. */
  breadcrumb: z.array(ZCrumb),
  /** Child regions; empty for a grid. */
  children: z.array(ZRegionSummary.extend({ gridWorkers: z.array(ZGridWorker).optional() })),
  /** A grid's buildings; empty above grid level. */
  buildings: z.array(ZBuildingSummary),
  /** A grid's grid workers (网格员); empty above grid level. */
  gridWorkers: z.array(ZGridWorker),
  /** A town's area chiefs (片长) in post; empty for other levels. */
  areaChiefs: z.array(ZHolder),
  /** A community's paired party organisations (结对包联); empty for other levels. */
  pairedOrgs: z.array(z.object({ id: z.number().int(), name: z.string() })),
});
export type TRegionDetail = z.infer<typeof ZRegionDetail>;

export const ZMaskedResident = z.object({
  id: z.number().int(),
  name: z.string(),
  /** Masked: `4409**********1234`. */
  idNumber: z.string(),
  gender: z.enum(['M', 'F']),
  birthDate: z.string(),
  age: z.number().int(),
  /** Masked: `138****5678`. */
  phone: z.string().nullable(),
  specialGroups: z.array(z.string()),
  householdId: z.number().int(),
  door: z.string(),
  buildingId: z.number().int(),
  buildingName: z.string(),
  gridId: z.number().int(),
  gridName: z.string(),
  /** The grid's village or community. */
  communityName: z.string(),
  /** The community's town or street. */
  townName: z.string(),
});
export type TMaskedResident = z.infer<typeof ZMaskedResident>;

export const ZBuildingDetail = z.object({
  building: ZBuildingSummary.extend({ gridId: z.number().int() }),
  breadcrumb: z.array(ZCrumb),
  households: z.array(z.object({ id: z.number().int(), door: z.string(), residents: z.array(ZMaskedResident) })),
});
export type TBuildingDetail = z.infer<typeof ZBuildingDetail>;

export const ZRegionSearchQuery = z.object({
  /** Part of a region's name, e.g. `荔枝园`. */
  q: z.string().trim().min(1).max(50),
});
export const ZRegionSearchResult = z.object({ items: z.array(ZRegionSummary.extend({ breadcrumb: z.array(ZCrumb) })) });
