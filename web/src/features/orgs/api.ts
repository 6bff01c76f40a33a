import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCreateOrgRequest, TOrg } from '../../../../contracts/orgs.ts';
import { api } from '../../app/api.ts';
import { refreshStructure } from '../assignments/api.ts';

export type TOrgKind = TOrg['kind'];

export function useOrgs(filter: { kind?: TOrgKind; responseId?: number } = {}, enabled = true) {
  return useQuery({
    queryKey: ['orgs', filter],
    queryFn: () => api<{ items: TOrg[] }>('/orgs', { query: filter }),
    enabled,
  });
}

/** 结对包联: pairs a standing party organisation with a village or community. */
export function usePair() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ orgId, communityId }: { orgId: number; communityId: number }) => api<void>(`/orgs/${orgId}/pairings`, { method: 'POST', body: { communityId } }),
    onSuccess: () => refreshStructure(client),
  });
}

export function useUnpair() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ orgId, communityId }: { orgId: number; communityId: number }) => api<void>(`/orgs/${orgId}/pairings/${communityId}`, { method: 'DELETE' }),
    onSuccess: () => refreshStructure(client),
  });
}

/** A party organisation; a temporary branch (临时党支部) names its response and where it works. */
export function useCreateOrg() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TCreateOrgRequest) => api<TOrg>('/orgs', { method: 'POST', body }),
    onSuccess: () => refreshStructure(client),
  });
}

/** 撤销 a temporary branch: its secretary, deputies and members leave their posts with it. */
export function useCloseOrg() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<TOrg>(`/orgs/${id}/close`, { method: 'POST' }),
    onSuccess: () => refreshStructure(client),
  });
}
