import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  TCareRound,
  TCareVisitRequest,
  THouseholdPage,
  TIssueCodesRequest,
  TPublicFileRequest,
  TRequest,
  TRequestKind,
  TRequestList,
  TRequestStatus,
  ZCodeSheet,
  ZRequestDetail,
} from '../../../../contracts/requests.ts';
import { fenToYuan } from '../../../../contracts/requests.ts';
import { api, apiUrl, localeHeader, networkError, toApiError } from '../../app/api.ts';

export type { TCareRound, THouseholdPage, TRequest, TRequestKind, TRequestList, TRequestStatus };
export type TRequestDetail = z.infer<typeof ZRequestDetail>;
export type TCodeSheet = z.infer<typeof ZCodeSheet>;
export type THouseholdRequest = THouseholdPage['requests'][number];

const refresh = (client: QueryClient) => client.invalidateQueries({ predicate: (q) => ['requests', 'care', 'household'].includes(String(q.queryKey[0])) });

// ---- the household's page (no login) ----

export function useHouseholdPage(code: string) {
  return useQuery({
    queryKey: ['household', code],
    queryFn: () => api<THouseholdPage>(`/public/h/${encodeURIComponent(code)}`),
    retry: false,
    refetchInterval: 30_000,
  });
}

export function useFileByCode(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TPublicFileRequest) => api<THouseholdRequest>(`/public/h/${encodeURIComponent(code)}/requests`, { method: 'POST', body }),
    onSuccess: () => refresh(client),
  });
}

export function useConfirmByCode(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<{ ok: true }>(`/public/h/${encodeURIComponent(code)}/requests/${id}/confirm`, { method: 'POST' }),
    onSettled: () => refresh(client),
  });
}

// ---- staff ----

export function useRequests(query: { status?: TRequestStatus; kind?: TRequestKind; mine?: boolean }) {
  return useQuery({
    queryKey: ['requests', 'list', query],
    queryFn: () => api<TRequestList>('/requests', { query }),
    refetchInterval: 30_000,
  });
}

export function useClaim() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (requestIds: number[]) => api<{ claimed: number[] }>('/requests/claim', { method: 'POST', body: { requestIds } }),
    onSettled: () => refresh(client),
  });
}

/** Posts a multipart form (text fields and an optional photo) and parses the answer like `api`. */
async function postForm<T>(path: string, fields: Record<string, string>, photo?: File): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (photo) form.append('photo', photo, photo.name);
  let res: Response;
  try {
    res = await fetch(apiUrl(path), { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json', ...localeHeader() } });
  } catch {
    throw networkError();
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) throw toApiError(res.status, body);
  return body as T;
}

export function useBuy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, receiptYuan, photo }: { id: number; receiptYuan: number; photo?: File }) =>
      postForm<TRequestDetail>(`/requests/${id}/bought`, { receiptYuan: String(receiptYuan) }, photo),
    onSettled: () => refresh(client),
  });
}

export function useDeliver() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note, photo }: { id: number; note?: string; photo?: File }) => postForm<TRequestDetail>(`/requests/${id}/delivered`, note ? { note } : {}, photo),
    onSettled: () => refresh(client),
  });
}

export function useAnswer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, answer }: { id: number; answer: string }) => api<TRequestDetail>(`/requests/${id}/answer`, { method: 'POST', body: { answer } }),
    onSettled: () => refresh(client),
  });
}

export function useApproveOverBudget() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<TRequestDetail>(`/requests/${id}/approve-over-budget`, { method: 'POST' }),
    onSettled: () => refresh(client),
  });
}

// ---- household codes ----

export function useCodeSheet(buildingId: number) {
  return useQuery({ queryKey: ['requests', 'codes', buildingId], queryFn: () => api<TCodeSheet>(`/household-codes/buildings/${buildingId}`) });
}

export function useIssueCodes() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TIssueCodesRequest) => api<{ issued: number; kept: number }>('/household-codes', { method: 'POST', body }),
    onSettled: () => refresh(client),
  });
}

export function useRevokeCodes() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (buildingId: number) => api<{ revoked: number }>('/household-codes/revoke', { method: 'POST', body: { buildingId } }),
    onSettled: () => refresh(client),
  });
}

// ---- home care ----

export function useCareRound(buildingId?: number) {
  return useQuery({ queryKey: ['care', 'round', buildingId ?? null], queryFn: () => api<TCareRound>('/care/round', { query: { buildingId } }) });
}

export function useRecordCareVisit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TCareVisitRequest) => api<{ visitId: number; requestIds: number[] }>('/care/visits', { method: 'POST', body }),
    onSettled: () => refresh(client),
  });
}

/** Bundles per building, in the list's order: one trip takes a building's errands together. */
export function byBuilding<T extends { buildingId: number; building: string; where: string }>(items: T[]): Array<{ buildingId: number; building: string; where: string; items: T[] }> {
  const groups = new Map<number, { buildingId: number; building: string; where: string; items: T[] }>();
  for (const r of items) {
    const g = groups.get(r.buildingId) ?? { buildingId: r.buildingId, building: r.building, where: r.where, items: [] };
    g.items.push(r);
    groups.set(r.buildingId, g);
  }
  return [...groups.values()];
}

export const yuan = (fen: number | null) => (fen === null ? '' : `¥${fenToYuan(fen).toFixed(2)}`);
