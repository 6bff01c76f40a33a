import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TBalance, TCreateMaterialRequest, TItem, TMaterialHolder, TMaterialRequest } from '../../../../contracts/materials.ts';
import { api } from '../../app/api.ts';

export type { TBalance, TItem, TMaterialHolder, TMaterialRequest };

const refresh = (client: ReturnType<typeof useQueryClient>) => client.invalidateQueries({ queryKey: ['materials'] });

export const useItems = () => useQuery({ queryKey: ['materials', 'items'], queryFn: () => api<{ items: TItem[] }>('/materials/items') });
export const useHolders = () => useQuery({ queryKey: ['materials', 'holders'], queryFn: () => api<{ items: TMaterialHolder[] }>('/materials/holders') });

/** Balances the user may see: one holder's, or (for a point chief) their own points'. */
export function useBalances(holderId?: number) {
  return useQuery({
    queryKey: ['materials', 'balances', holderId ?? null],
    queryFn: () => api<{ at: string | null; items: TBalance[] }>('/materials/balances', { query: { holderId } }),
  });
}

export const useMaterialRequests = () =>
  useQuery({ queryKey: ['materials', 'requests'], queryFn: () => api<{ items: TMaterialRequest[] }>('/materials/requests') });

export function useCreateMaterialRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TCreateMaterialRequest) => api<TMaterialRequest>('/materials/requests', { method: 'POST', body }),
    onSettled: () => refresh(client),
  });
}

/** Approve (as asked), dispatch (from a warehouse, as approved) or confirm receipt (as dispatched). */
export function useRequestStep() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, step, fromHolderId }: { id: number; step: 'approve' | 'dispatch' | 'receipt'; fromHolderId?: number }) =>
      api<TMaterialRequest>(`/materials/requests/${id}/${step}`, { method: 'POST', body: step === 'dispatch' ? { fromHolderId, lines: [] } : { lines: [] } }),
    onSettled: () => refresh(client),
  });
}
