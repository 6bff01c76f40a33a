import { z } from 'zod';
import { ZHolder } from './assignments.ts';

export const ZDeclareResponseRequest = z.object({
  /** Named by the start date, e.g. `0708`. */
  code: z.string().regex(/^\d{4}$/),
  name: z.string().trim().min(1).max(100),
  startedOn: z.iso.date(),
  /** A risk scheme's code (`GET /api/zones/schemes`). */
  zoneScheme: z.string().trim().min(1).max(40).default('high_medium_low'),
  /** Towns/streets under lockdown: one frontline command post (and its temporary branch) each. */
  commandPostTownIds: z.array(z.number().int().positive()).max(50).default([]),
});
export type TDeclareResponseRequest = z.infer<typeof ZDeclareResponseRequest>;

export const ZResponseSummary = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  startedOn: z.string(),
  status: z.enum(['active', 'closed']),
  zoneScheme: z.string(),
});
export type TResponseSummary = z.infer<typeof ZResponseSummary>;

export const ZBranch = z.object({
  id: z.number().int(),
  name: z.string(),
  /** By the size rule: party group (<3), branch (3–99), committee (100+). */
  form: z.enum(['party_group', 'branch', 'committee']),
  memberCount: z.number().int(),
  closed: z.boolean(),
  /** The checkpoint or sampling point it works at; null for a branch at a command unit. */
  attachedTo: z.object({ type: z.enum(['checkpoint', 'point']), id: z.number().int(), name: z.string() }).nullable(),
  people: z.array(ZHolder),
});

export const ZCommandUnit = z.object({
  id: z.number().int(),
  kind: z.enum(['district_command', 'command_post']),
  name: z.string(),
  region: z.object({ id: z.number().int(), name: z.string() }),
  people: z.array(ZHolder),
  branches: z.array(ZBranch),
});

/** "1+6+N": the district command, its command posts, and the temporary branches under them. */
export const ZResponseTree = z.object({
  response: ZResponseSummary,
  command: ZCommandUnit.nullable(),
  posts: z.array(ZCommandUnit),
  /** The "N" out in the field: temporary branches at checkpoints and sampling points. */
  fieldBranches: z.array(ZBranch),
});
export type TResponseTree = z.infer<typeof ZResponseTree>;

export const GAP_KINDS = ['town_without_area_chief', 'community_without_pairing', 'grid_without_grid_worker', 'command_post_without_commander', 'branch_without_secretary', 'checkpoint_without_roster', 'point_without_chief', 'point_team_incomplete', 'team_without_captain', 'squad_short'] as const;

export const ZGap = z.object({
  kind: z.enum(GAP_KINDS),
  unitType: z.enum(['region', 'command_unit', 'org', 'checkpoint', 'point', 'team', 'squad']),
  unitId: z.number().int(),
  name: z.string(),
  /** Where it is, e.g. `站前街道 / 恒福社区`. */
  where: z.string(),
  /** What to do, in the user's language. */
  fix: z.string(),
  /** The web app's page where it is fixed. */
  fixUrl: z.string(),
});
export type TGap = z.infer<typeof ZGap>;

export const ZGapsReport = z.object({
  responseId: z.number().int(),
  total: z.number().int(),
  byKind: z.record(z.string(), z.number().int()),
  items: z.array(ZGap),
});
export type TGapsReport = z.infer<typeof ZGapsReport>;
