import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { QUEUE_STATUSES, TCreatePointRequest, TPoint, TPointStatus, TPointSummary, TTeam, ZPointList, ZPublicPoints } from '../../../../contracts/points.ts';
import { api } from '../../app/api.ts';

export type { TPoint, TPointStatus, TPointSummary, TTeam };
export type TQueueStatus = (typeof QUEUE_STATUSES)[number];
export type TPointList = z.infer<typeof ZPointList>;
export type TPublicPoints = z.infer<typeof ZPublicPoints>;
export type TPublicPoint = TPublicPoints['items'][number];
export type TTeamMember = TTeam['members'][number];
export type TSite = TPoint['site'];

export interface PointsFilter {
  /** Points standing in this town or community. */
  regionId?: number;
  /** Part of a point's name. */
  name?: string;
}

/** A point's status, team and chief show in the points list, on its page and in the gaps report. */
function refreshPoints(client: QueryClient) {
  return client.invalidateQueries({ predicate: (q) => ['points', 'responses', 'public'].includes(String(q.queryKey[0])) });
}

/** Points in the user's scope with chief, this shift's team and counts by status. */
export function usePoints(filter: PointsFilter) {
  return useQuery({
    queryKey: ['points', 'list', filter],
    queryFn: () => api<TPointList>('/points', { query: { regionId: filter.regionId, name: filter.name?.trim() || undefined } }),
    placeholderData: keepPreviousData,
  });
}

/** One point: its site and earlier sites, served area, chiefs, this shift's team, history, next steps. */
export function usePoint(id: number) {
  return useQuery({
    queryKey: ['points', 'detail', id],
    queryFn: () => api<TPoint>(`/points/${id}`),
  });
}

export function useCreatePoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TCreatePointRequest) => api<TPoint>('/points', { method: 'POST', body }),
    onSuccess: () => refreshPoints(client),
  });
}

/** Moves a point along its lifecycle; `expectedStatus` is the status the user saw, so a change made meanwhile is refused (409). */
export function useSetPointStatus() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status, expectedStatus }: { id: number; status: TPointStatus; expectedStatus: TPointStatus }) =>
      api<TPoint>(`/points/${id}/status`, { method: 'POST', body: { status, expectedStatus } }),
    // A refusal refreshes too: after a 409 the user sees the status someone else set.
    onSettled: () => refreshPoints(client),
  });
}

/** 搬迁: a new address and why; the old site stays in the point's history. */
export function useRelocatePoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: { address: string; lat?: number; lng?: number; reason: string } }) =>
      api<TPoint>(`/points/${id}/relocate`, { method: 'POST', body }),
    onSettled: () => refreshPoints(client),
  });
}

/** The chief's word on the queue, which residents see on the public page. */
export function useReportQueue() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status }: { id: number; status: TQueueStatus }) => api<TPoint>(`/points/${id}/queue`, { method: 'POST', body: { status } }),
    onSettled: () => refreshPoints(client),
  });
}

/** Checks a person in to this shift's team in a role; the server refuses the wrong kind of person in its words. */
export function useCheckIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ pointId, personId, role }: { pointId: number; personId: number; role: string }) =>
      api<TTeam>(`/points/${pointId}/checkins`, { method: 'POST', body: { personId, role } }),
    onSuccess: () => refreshPoints(client),
  });
}

export function useCheckOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (checkinId: number) => api<{ ok: true }>(`/checkins/${checkinId}/checkout`, { method: 'POST' }),
    onSettled: () => refreshPoints(client),
  });
}

/** What residents see without logging in; asked again every minute so a queue or a move shows soon. */
export function usePublicPoints() {
  return useQuery({
    queryKey: ['public', 'points'],
    queryFn: () => api<TPublicPoints>('/public/points'),
    refetchInterval: 60_000,
  });
}
