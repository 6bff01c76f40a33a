import { z } from 'zod';

export const ORG_KINDS = ['agency', 'enterprise', 'institution', 'village_branch', 'temporary_branch'] as const;

export const ZCreateOrgRequest = z
  .object({
    name: z.string().trim().min(2).max(100),
    kind: z.enum(ORG_KINDS),
    /** Required for a temporary branch: the response it serves and closes with. */
    responseId: z.number().int().positive().optional(),
    /** Where a temporary branch works. */
    attachedTo: z.object({ type: z.enum(['command_unit', 'checkpoint', 'point']), id: z.number().int().positive() }).optional(),
    /** The village or community it sits in, if any. */
    regionId: z.number().int().positive().optional(),
  });
export type TCreateOrgRequest = z.infer<typeof ZCreateOrgRequest>;

export const ZOrg = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  responseId: z.number().int().nullable(),
  form: z.enum(['party_group', 'branch', 'committee']),
  memberCount: z.number().int(),
  closed: z.boolean(),
  pairedCommunities: z.array(z.object({ id: z.number().int(), name: z.string() })),
});
export type TOrg = z.infer<typeof ZOrg>;

export const ZPairRequest = z.object({ communityId: z.number().int().positive() });
