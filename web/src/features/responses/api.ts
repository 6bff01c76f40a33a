import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TDeclareResponseRequest, TGapsReport, TResponseSummary, TResponseTree } from '../../../../contracts/responses.ts';
import { api } from '../../app/api.ts';

export type TCommandUnit = NonNullable<TResponseTree['command']>;
export type TBranch = TCommandUnit['branches'][number];
export type TGap = TGapsReport['items'][number];
export type TGapKind = TGap['kind'];
export type TZoneScheme = TResponseSummary['zoneScheme'];

export function useResponses() {
  return useQuery({
    queryKey: ['responses', 'list'],
    queryFn: () => api<{ items: TResponseSummary[] }>('/responses'),
  });
}

/** The "1+6+N" tree: district command, command posts, temporary branches, with their people. */
export function useResponse(id: number) {
  return useQuery({
    queryKey: ['responses', 'detail', id],
    queryFn: () => api<TResponseTree>(`/responses/${id}`),
  });
}

/** 空白点、薄弱点 in the user's scope; the server words each fix in the user's language. */
export function useGaps(id: number) {
  return useQuery({
    queryKey: ['responses', 'gaps', id],
    queryFn: () => api<TGapsReport>(`/responses/${id}/gaps`),
  });
}

export function useDeclareResponse() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TDeclareResponseRequest) => api<TResponseSummary>('/responses', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['responses'] }),
  });
}

export function useCloseResponse() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<TResponseSummary>(`/responses/${id}/close`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'responses' || q.queryKey[0] === 'orgs' }),
  });
}
