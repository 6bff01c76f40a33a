import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TAssignGridWorkerRequest, TGridWorkerHistoryEntry, TGridWorkerPost } from '../../../../contracts/gridworkers.ts';
import type { TBuildingDetail, TRegionDetail, ZRegionSearchResult } from '../../../../contracts/regions.ts';
import { api } from '../../app/api.ts';
import { refreshStructure } from '../assignments/api.ts';

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

/** Everyone who has been a grid's worker, live and released, newest first; read when asked for. */
export function useGridWorkerHistory(gridId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['regions', 'grid-worker-history', gridId],
    queryFn: () => api<{ items: TGridWorkerHistoryEntry[] }>('/grid-workers/history', { query: { gridId } }),
    enabled,
  });
}

/** Makes a person a grid worker of a grid; the grid pages and the gaps report change with it. */
export function useAssignGridWorker() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TAssignGridWorkerRequest) => api<TGridWorkerPost>('/grid-workers', { method: 'POST', body }),
    onSuccess: () => refreshStructure(client),
  });
}

/** Releases a grid worker; the server keeps the post in the history. */
export function useEndGridWorker() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (postId: number) => api<TGridWorkerPost>(`/grid-workers/${postId}/end`, { method: 'POST' }),
    onSuccess: () => refreshStructure(client),
  });
}
