import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TApproveMaterialRequest,
  TBalance,
  TCountRequest,
  TCreateMaterialRequest,
  TDispatchMaterialRequest,
  TItem,
  TMaterialHolder,
  TMaterialRequest,
  TMaterialRequestLine,
  TMovement,
  TMovementEntry,
  TReceiveMaterialRequest,
  TWriteOffRequest,
} from '../../../../contracts/materials.ts';
import { api } from '../../app/api.ts';

export type { TBalance, TItem, TMaterialHolder, TMaterialRequest, TMaterialRequestLine, TMovementEntry };

const refresh = (client: ReturnType<typeof useQueryClient>) => client.invalidateQueries({ queryKey: ['materials'] });

export const useItems = () => useQuery({ queryKey: ['materials', 'items'], queryFn: () => api<{ items: TItem[] }>('/materials/items') });
export const useHolders = () => useQuery({ queryKey: ['materials', 'holders'], queryFn: () => api<{ items: TMaterialHolder[] }>('/materials/holders') });

/** The holders the user acts for: a point chief's own points, with stock or without. */
export const useMyHolders = (enabled = true) =>
  useQuery({ queryKey: ['materials', 'holders', 'mine'], queryFn: () => api<{ items: TMaterialHolder[] }>('/materials/holders/mine'), enabled });

/** Balances the user may see: one holder's, or (for a point chief) their own points'. */
export function useBalances(holderId?: number, enabled = true) {
  return useQuery({
    queryKey: ['materials', 'balances', holderId ?? null],
    queryFn: () => api<{ at: string | null; items: TBalance[] }>('/materials/balances', { query: { holderId } }),
    enabled,
  });
}

/** A holder's latest movements, newest first (none asked for until a holder is chosen). */
export function useMovements(holderId: number | undefined) {
  return useQuery({
    queryKey: ['materials', 'movements', holderId ?? null],
    queryFn: () => api<{ items: TMovementEntry[] }>(`/materials/holders/${holderId}/movements`),
    enabled: holderId !== undefined,
  });
}

export type TRequestStatus = TMaterialRequest['status'];

/** The requests the user may see, of one status or all. */
export const useMaterialRequests = (status?: TRequestStatus) =>
  useQuery({ queryKey: ['materials', 'requests', 'list', status ?? null], queryFn: () => api<{ items: TMaterialRequest[] }>('/materials/requests', { query: { status } }) });

export const useMaterialRequest = (id: number) =>
  useQuery({ queryKey: ['materials', 'requests', id], queryFn: () => api<TMaterialRequest>(`/materials/requests/${id}`), enabled: Number.isInteger(id) && id > 0 });

export function useCreateMaterialRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TCreateMaterialRequest) => api<TMaterialRequest>('/materials/requests', { method: 'POST', body }),
    onSettled: () => refresh(client),
  });
}

export type RequestStep =
  | { id: number; step: 'approve'; body: TApproveMaterialRequest }
  | { id: number; step: 'dispatch'; body: TDispatchMaterialRequest }
  | { id: number; step: 'receipt'; body: TReceiveMaterialRequest };

/** Approve, dispatch or confirm receipt, each with its per-line quantities. */
export function useRequestStep() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, step, body }: RequestStep) => api<TMaterialRequest>(`/materials/requests/${id}/${step}`, { method: 'POST', body }),
    onSettled: () => refresh(client),
  });
}

export function useCount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TCountRequest) => api<TMovement>('/materials/counts', { method: 'POST', body }),
    onSettled: () => refresh(client),
  });
}

export function useWriteOff() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TWriteOffRequest) => api<TMovement>('/materials/write-offs', { method: 'POST', body }),
    onSettled: () => refresh(client),
  });
}

export function useReverse() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) => api<TMovement>(`/materials/movements/${id}/reverse`, { method: 'POST', body: { reason } }),
    onSettled: () => refresh(client),
  });
}

/** Past its due time and not yet received (or turned down). */
export const isOverdue = (r: TMaterialRequest, now = Date.now()) => new Date(r.dueAt).getTime() < now && r.status !== 'received' && r.status !== 'rejected';
