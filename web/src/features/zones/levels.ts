import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TRiskLevel, TRiskScheme } from '../../../../contracts/zones.ts';
import { api } from '../../app/api.ts';

/** Red for the strictest level of a scheme (rank 1), orange for the next, blue for the milder ones. */
export const rankColour = (rank: number) => (rank <= 1 ? 'red' : rank === 2 ? 'orange' : 'blue');

/** The risk schemes and their levels, kept as data on the server; they change with a migration only. */
export function useRiskSchemes() {
  return useQuery({
    queryKey: ['zones', 'schemes'],
    queryFn: () => api<TRiskScheme[]>('/zones/schemes'),
    staleTime: Infinity,
  });
}

/**
 * Names (in the user's language) and colours of schemes and levels. A level is looked up in the
 * given scheme first, then in any (a pool size names a level without its scheme); a code not (yet)
 * loaded shows as itself.
 */
export function useRiskNames(scheme?: string) {
  const { i18n } = useTranslation();
  const schemes = useRiskSchemes().data ?? [];
  const en = i18n.language === 'en';
  const nameOf = (n: { nameZh: string; nameEn: string }) => (en ? n.nameEn : n.nameZh);
  const levelOf = (code: string): TRiskLevel | undefined =>
    schemes.find((s) => s.code === scheme)?.levels.find((l) => l.code === code) ?? schemes.flatMap((s) => s.levels).find((l) => l.code === code);
  return {
    schemes,
    schemeName: (code: string) => {
      const s = schemes.find((x) => x.code === code);
      return s ? nameOf(s) : code;
    },
    levelName: (code: string) => {
      const l = levelOf(code);
      return l ? nameOf(l) : code;
    },
    levelColour: (code: string) => rankColour(levelOf(code)?.rank ?? Number.POSITIVE_INFINITY),
  };
}
