import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TReceiptFile, ZAcknowledgement, ZAllocationDetail, ZAllocationList, ZDonation, ZDonationList, ZExpenditure, ZFundList, ZFundReport } from '../../../../contracts/funds.ts';
import { api, apiUrl, uploadFile } from '../../app/api.ts';

export type TFundList = z.infer<typeof ZFundList>;
export type TFundReport = z.infer<typeof ZFundReport>;
export type TAllocation = z.infer<typeof ZAllocationList>['items'][number];
export type TDonation = z.infer<typeof ZDonation>;
export type TAcknowledgement = z.infer<typeof ZAcknowledgement>;
export type TExpenditure = z.infer<typeof ZExpenditure>;
export type TAllocationDetail = z.infer<typeof ZAllocationDetail>;
export type { TReceiptFile };

/** Yuan with two decimals from fen. */
export const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const refresh = (client: ReturnType<typeof useQueryClient>) => client.invalidateQueries({ predicate: (q) => ['funds', 'donations'].includes(String(q.queryKey[0])) });

export const useFunds = () => useQuery({ queryKey: ['funds', 'list'], queryFn: () => api<TFundList>('/funds') });

export const useFundReport = (id: number | undefined, enabled: boolean) =>
  useQuery({ queryKey: ['funds', 'report', id], queryFn: () => api<TFundReport>(`/funds/${id}/report`), enabled: enabled && id !== undefined });

export const useAllocations = (fundId: number | undefined) =>
  useQuery({ queryKey: ['funds', 'allocations', fundId], queryFn: () => api<{ items: TAllocation[] }>('/fund-allocations', { query: { fundId } }), enabled: fundId !== undefined });

/** One allocation with its expenditures and their receipt files. */
export const useAllocation = (id: number | undefined) =>
  useQuery({ queryKey: ['funds', 'allocation', id], queryFn: () => api<TAllocationDetail>(`/fund-allocations/${id}`), enabled: id !== undefined });

/** Attaches a receipt (a photo from the phone's camera or a PDF) to an expenditure. */
export function useAttachReceipt() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ expenditureId, file }: { expenditureId: number; file: File }) => uploadFile<TReceiptFile>(`/fund-expenditures/${expenditureId}/receipts`, {}, file, () => undefined),
    onSuccess: () => refresh(client),
  });
}

/** Where a receipt file is served (the session cookie goes with a plain link). */
export const receiptUrl = (id: number) => apiUrl(`/fund-receipts/${id}`);

export function useSpend() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ allocationId, body }: { allocationId: number; body: { clientId: string; category: string; amountFen: number; purpose: string; payee: string; receipts: string[] } }) =>
      api<TExpenditure>(`/fund-allocations/${allocationId}/expenditures`, { method: 'POST', body }),
    onSuccess: () => refresh(client),
  });
}

export const useDonations = () => useQuery({ queryKey: ['donations', 'list'], queryFn: () => api<z.infer<typeof ZDonationList>>('/donations') });

export function useRecordDonation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api<TDonation>('/donations', { method: 'POST', body }),
    onSuccess: () => refresh(client),
  });
}

export const useAcknowledgement = (id: number) => useQuery({ queryKey: ['donations', 'ack', id], queryFn: () => api<TAcknowledgement>(`/donations/${id}/acknowledgement`) });
