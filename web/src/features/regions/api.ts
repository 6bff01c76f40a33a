import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TBuildingDetail, TRegionDetail, ZRegionSearchResult } from '../../../../contracts/regions.ts';
import { api } from '../../app/api.ts';

export type TRegionSearchResult = z.infer<typeof ZRegionSearchResult>;

/** A region with its children and counts; without an id, the top of the user's scope. */
export function useRegion(id: number | undefined) {
  return useQuery({
    queryKey: ['regions', 'detail', id ?? 'root'],
    queryFn: () => api<TRegionDetail>(id === undefined ? '/regions/root' : `/regions/${id}`),
  });
}

export function useBuilding(id: number) {
  return useQuery({
    queryKey: ['regions', 'building', id],
    queryFn: () => api<TBuildingDetail>(`/regions/buildings/${id}`),
  });
}

export function useRegionSearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: ['regions', 'search', term],
    queryFn: () => api<TRegionSearchResult>('/regions/search', { query: { q: term } }),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
  });
}
