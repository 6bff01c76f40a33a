import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TReportIn, TReportInRequest } from '../../../../contracts/reportins.ts';
import { api } from '../../app/api.ts';

export type TReportInPost = TReportIn['posts'][number];

/** The posts a reported-in member may offer, in the order the form shows them (the record keeps the list exhaustive). */
const POSTS: Record<TReportInPost, true> = { sampling_support: true, door_to_door: true, errands: true, checkpoint: true, publicity: true, care_visits: true };
export const REPORT_IN_POSTS = Object.keys(POSTS) as TReportInPost[];

/** Under the region's key: the community page and what it shows refresh together. */
const reportInsKey = (communityId: number) => ['regions', 'reportIns', communityId] as const;

/** 双报到: who reported in to a community, what they offered, and the post they were given. */
export function useReportIns(communityId: number) {
  return useQuery({
    queryKey: reportInsKey(communityId),
    queryFn: () => api<{ items: TReportIn[] }>(`/regions/${communityId}/report-ins`),
  });
}

export function useReportIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TReportInRequest) => api<TReportIn>('/report-ins', { method: 'POST', body }),
    onSuccess: (_, body) => client.invalidateQueries({ queryKey: reportInsKey(body.communityId) }),
  });
}

/** Gives a reported-in member one of the posts they offered (once). */
export function useAssignReportIn(communityId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, post }: { id: number; post: TReportInPost }) => api<TReportIn>(`/report-ins/${id}/assign`, { method: 'POST', body: { post } }),
    // A refusal (someone assigned it meanwhile) refreshes too: the list then shows who has what.
    onSettled: () => client.invalidateQueries({ queryKey: reportInsKey(communityId) }),
  });
}
