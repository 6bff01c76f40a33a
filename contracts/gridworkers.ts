import { z } from 'zod';
import type { PERSON_KINDS } from './people.ts';

/** Who may be a grid worker (网格员): grid workers themselves and community cadres. */
export const GRID_WORKER_KINDS: ReadonlyArray<(typeof PERSON_KINDS)[number]> = ['grid_worker', 'community_cadre'];

export const ZAssignGridWorkerRequest = z.object({
  gridId: z.number().int().positive(),
  personId: z.number().int().positive(),
});
export type TAssignGridWorkerRequest = z.infer<typeof ZAssignGridWorkerRequest>;

/** One post of a grid worker on a grid: live while `endsAt` is null. */
export const ZGridWorkerPost = z.object({
  id: z.number().int(),
  gridId: z.number().int(),
  personId: z.number().int(),
  since: z.string(),
  endsAt: z.string().nullable(),
});
export type TGridWorkerPost = z.infer<typeof ZGridWorkerPost>;

export const ZGridWorkerHistoryQuery = z.object({ gridId: z.coerce.number().int().positive() });

/** One post on a grid, live or ended, in its history. */
export const ZGridWorkerHistoryEntry = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  since: z.string(),
  /** Null while it is held. */
  endsAt: z.string().nullable(),
  /** Display name of the user who made it; null for the seed's set-up. */
  assignedBy: z.string().nullable(),
  /** Display name of the user who released the worker. */
  endedBy: z.string().nullable(),
});
export type TGridWorkerHistoryEntry = z.infer<typeof ZGridWorkerHistoryEntry>;
