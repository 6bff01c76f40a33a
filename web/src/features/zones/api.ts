import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TDrawZoneRequest, TZonesReport, ZCreateCheckpointRequest } from '../../../../contracts/zones.ts';
import { api } from '../../app/api.ts';
import { refreshStructure } from '../assignments/api.ts';

export type TZone = TZonesReport['zones'][number];
export type TZoneLevel = TZone['level'];
export type TCheckpoint = TZone['checkpoints'][number];
export type TZoneMember = TZone['members'][number];
export type TCreateCheckpointRequest = z.input<typeof ZCreateCheckpointRequest>;

export const zonesKey = (responseId: number) => ['responses', 'zones', responseId] as const;

/** Risk areas of a response in the user's scope; kept under the response's key so an assignment refreshes it. */
export function useZones(responseId: number) {
  return useQuery({
    queryKey: zonesKey(responseId),
    queryFn: () => api<TZonesReport>(`/responses/${responseId}/zones`),
  });
}

/** The levels of the response's scheme, strictest first (the report lists every one of them). */
export const schemeLevels = (report: TZonesReport): TZoneLevel[] => report.byLevel.map((l) => l.level);

// A change to an area moves the per-level counts, the checkpoints and the gaps report alike.

/** 划定风险区域: from communities, grids or buildings, at a level of the response's scheme. */
export function useDrawZone(responseId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TDrawZoneRequest) => api<TZone>(`/responses/${responseId}/zones`, { method: 'POST', body }),
    onSuccess: () => refreshStructure(client),
  });
}

/** Changes an area's level; `expectedLevel` is the level the user saw, so a change made meanwhile is refused (409). */
export function useSetZoneLevel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ zoneId, level, expectedLevel }: { zoneId: number; level: TZoneLevel; expectedLevel: TZoneLevel }) =>
      api<TZone>(`/zones/${zoneId}/level`, { method: 'POST', body: { level, expectedLevel } }),
    // A refusal refreshes too: after a 409 the user sees the level someone else set.
    onSettled: () => refreshStructure(client),
  });
}

/** Lifts an area: it stays in the list, marked, and leaves the per-level totals. */
export function useEndZone() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (zoneId: number) => api<TZone>(`/zones/${zoneId}/end`, { method: 'POST' }),
    onSettled: () => refreshStructure(client),
  });
}

/** Adds a checkpoint (关卡) on an area's boundary; its roster is assigned afterwards. */
export function useAddCheckpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ zoneId, body }: { zoneId: number; body: TCreateCheckpointRequest }) =>
      api<{ id: number; name: string; location: string | null }>(`/zones/${zoneId}/checkpoints`, { method: 'POST', body }),
    onSuccess: () => refreshStructure(client),
  });
}
