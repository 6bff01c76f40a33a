import type { TGapKind } from './api.ts';

export const STATUS_COLOURS = { active: 'processing', closed: 'default' } as const;

/** 空白点 (a place nobody answers for) or 薄弱点 (a unit missing a key post), in the report's order. */
export const GAP_KINDS: Record<TGapKind, 'blank' | 'weak'> = {
  command_post_without_commander: 'weak',
  branch_without_secretary: 'weak',
  checkpoint_without_roster: 'weak',
  point_without_chief: 'weak',
  point_team_incomplete: 'weak',
  team_without_captain: 'weak',
  squad_short: 'weak',
  town_without_area_chief: 'blank',
  community_without_pairing: 'blank',
  grid_without_grid_worker: 'blank',
};
export const GAP_KIND_LIST = Object.keys(GAP_KINDS) as TGapKind[];
