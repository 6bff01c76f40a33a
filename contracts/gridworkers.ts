import { z } from 'zod';

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
