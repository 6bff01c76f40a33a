import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TAcceptResult, TGapsView, TPlan } from '../../../../contracts/deployments.ts';
import { api, download } from '../../app/api.ts';

export type { TAcceptResult, TGapsView, TPlan };
export type TMove = TPlan['moves'][number];

/** This shift's gaps beside the people free to fill them. */
export function useDeploymentGaps() {
  return useQuery({ queryKey: ['deployments', 'gaps'], queryFn: () => api<TGapsView>('/deployments/gaps') });
}

/** Builds and saves a plan: the most gaps filled with the least travel. */
export function useProposePlan() {
  return useMutation({ mutationFn: () => api<TPlan>('/deployments/plans', { method: 'POST' }) });
}

/** Accepts a plan's chosen moves; the gaps, points and notices change with it. */
export function useAcceptPlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { planId: number; moveIds: number[] }) => api<TAcceptResult>(`/deployments/plans/${v.planId}/accept`, { method: 'POST', body: { moveIds: v.moveIds } }),
    onSuccess: () => client.invalidateQueries({ predicate: (q) => ['deployments', 'points', 'responses', 'notices'].includes(String(q.queryKey[0])) }),
  });
}

export const downloadCallList = (planId: number) => download(`/deployments/plans/${planId}/calls.xlsx`, {}, 'call-list.xlsx');
