import type { TFunction } from 'i18next';
import { EXEMPTION_REASONS, POOL_SIZES } from '../../../../contracts/rounds.ts';
import type { TExemptionReason, TPoolSize } from './api.ts';

export const POOL_SIZE_LIST: readonly TPoolSize[] = POOL_SIZES;
export const EXEMPTION_REASON_LIST: readonly TExemptionReason[] = EXEMPTION_REASONS;

export const HOME_TASK_REASON_COLOURS = {
  retest: 'magenta',
  sealed_area: 'volcano',
  bedridden: 'orange',
  disabled: 'purple',
  elderly: 'gold',
  requested: 'blue',
} as const;

export const RECALL_STATUS_COLOURS = { open: 'warning', cleared: 'success', confirmed: 'error' } as const;

export const ROUND_STATUS_COLOURS = { open: 'processing', closed: 'default' } as const;

/** 单管 or 10混1. */
export const poolLabel = (t: TFunction, size: number) => (size === 1 ? t('rounds.pool.single') : t('rounds.pool.mixed', { n: size }));

/**
 * The pool a level asks for unless the command says otherwise, by its rank in its scheme: single
 * tubes where people may not leave home (封控区, 高风险区), five to a tube at the next level, the
 * round's default in the milder ones.
 */
export function defaultPoolFor(rank: number, roundDefault: TPoolSize): TPoolSize {
  if (rank <= 1) return 1;
  if (rank === 2) return 5;
  return roundDefault;
}

/** 0.8734 → 87.3 (one decimal: at a district's scale a tenth of a percent is hundreds of people). */
export const sharePercent = (share: number) => Math.floor(share * 1000) / 10;
