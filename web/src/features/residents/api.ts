import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TImportKind, TImportReport, TResidentSearchResult, TRevealedResident } from '../../../../contracts/residents.ts';
import { api, apiUrl, uploadFile } from '../../app/api.ts';
import { currentLocale } from '../../app/i18n.ts';

export function useResidentSearch(q: string, page: number, pageSize: number) {
  const term = q.trim();
  return useQuery({
    queryKey: ['residents', 'search', term, page, pageSize],
    queryFn: () => api<TResidentSearchResult>('/residents', { query: { q: term, page, pageSize } }),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
  });
}

const revealedKey = (id: number) => ['residents', 'revealed', id] as const;

/**
 * The full ID number and phone, once revealed in this session. Kept only in the query cache:
 * they are forgotten a few minutes after they leave the screen, and at logout.
 */
export function useRevealed(id: number): TRevealedResident | undefined {
  const { data } = useQuery({
    queryKey: revealedKey(id),
    queryFn: (): TRevealedResident => {
      throw new Error('revealed data comes only from useReveal');
    },
    enabled: false,
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });
  return data;
}

/** Asks the server for the full data; the server writes the audit record. */
export function useReveal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<TRevealedResident>(`/residents/${id}/reveal`, { method: 'POST' }),
    onSuccess: (revealed) => client.setQueryData(revealedKey(revealed.id), revealed),
  });
}

/** Links cannot send headers, so the language of the template's instructions travels in the query. */
export const templateUrl = (kind: TImportKind, format: 'xlsx' | 'csv') => apiUrl(`/residents/import/${kind}/template`, { format, locale: currentLocale() });

export interface ImportInput {
  kind: TImportKind;
  file: File;
  dryRun: boolean;
  onProgress: (percent: number) => void;
}

export function useImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, file, dryRun, onProgress }: ImportInput) =>
      uploadFile<TImportReport>(`/residents/import/${kind}`, { dryRun: dryRun ? 'true' : undefined }, file, onProgress),
    onSuccess: (report) => {
      // Counts and rosters everywhere may have changed.
      if (!report.dryRun) void client.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'regions' || q.queryKey[0] === 'residents' || q.queryKey[0] === 'people' });
    },
  });
}
