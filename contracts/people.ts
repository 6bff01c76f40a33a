import { z } from 'zod';

export const PERSON_KINDS = ['leader', 'cadre', 'medical', 'community_cadre', 'grid_worker', 'volunteer'] as const;
export const ZPersonKind = z.enum(PERSON_KINDS);

export const ZPeopleQuery = z.object({
  kind: ZPersonKind.optional(),
  /** Start of a name. */
  name: z.string().trim().min(1).max(20).optional(),
  /** `true`: people living anywhere in the district, for roles that staff a post from all over it (a point chief checking in medics). */
  anywhere: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** `true`: party members only (for branch posts); `false`: non-members only. */
  partyMember: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const ZPerson = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: ZPersonKind,
  /** Masked: `138****5678`. */
  phone: z.string().nullable(),
  title: z.string().nullable(),
  partyMember: z.boolean(),
  homeCommunity: z.object({ id: z.number().int(), name: z.string() }).nullable(),
});
export type TPerson = z.infer<typeof ZPerson>;

export const ZPeopleList = z.object({ items: z.array(ZPerson), total: z.number().int() });
