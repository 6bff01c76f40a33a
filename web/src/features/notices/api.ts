import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TNotice, TSendNoticeRequest, ZNoticeList, ZNoticeScope, ZReceipts } from '../../../../contracts/notices.ts';
import { api } from '../../app/api.ts';

export type { TNotice };
export type TNoticeList = z.infer<typeof ZNoticeList>;
export type TSentNotice = TNoticeList['sent'][number];
export type TReceipts = z.infer<typeof ZReceipts>;
export type TReceipt = TReceipts['items'][number];
export type TNoticeScope = z.infer<typeof ZNoticeScope>;
export type TNoticeScopeKind = TNoticeScope['kind'];

const LIST_KEY = ['notices', 'list'] as const;
const fetchNotices = () => api<TNoticeList>('/notices');

/** Notices the account received (newest first) and, for the command, those sent with their counts. */
export function useNotices() {
  return useQuery({
    queryKey: LIST_KEY,
    queryFn: fetchNotices,
  });
}

/** Unread notices, for the menu's badge; looks again every minute so a new notice shows without a reload. */
export function useUnreadNoticeCount(): number {
  const { data } = useQuery({
    queryKey: LIST_KEY,
    queryFn: fetchNotices,
    refetchInterval: 60_000,
    select: (l) => l.received.filter((n) => n.receipt && !n.receipt.readAt).length,
  });
  return data ?? 0;
}

/** Opens a notice: for a recipient the server records the read receipt, so the list (and its badge) is refreshed. */
export function useNotice(id: number) {
  const client = useQueryClient();
  return useQuery({
    queryKey: ['notices', 'detail', id],
    queryFn: async () => {
      const notice = await api<TNotice>(`/notices/${id}`);
      void client.invalidateQueries({ queryKey: LIST_KEY });
      return notice;
    },
  });
}

export function useAcknowledgeNotice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<TNotice>(`/notices/${id}/ack`, { method: 'POST' }),
    onSuccess: (notice) => {
      client.setQueryData(['notices', 'detail', notice.id], notice);
      void client.invalidateQueries({ queryKey: LIST_KEY });
      void client.invalidateQueries({ queryKey: ['notices', 'receipts', notice.id] });
    },
  });
}

export function useSendNotice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TSendNoticeRequest) => api<{ id: number; recipients: number }>('/notices', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: LIST_KEY }),
  });
}

/** Who has and has not read and acknowledged a notice; for the command. */
export function useReceipts(id: number) {
  return useQuery({
    queryKey: ['notices', 'receipts', id],
    queryFn: () => api<TReceipts>(`/notices/${id}/receipts`),
  });
}

/** Reminds every recipient who has not acknowledged yet; answers how many. */
export function useRemindNotice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<{ reminded: number }>(`/notices/${id}/remind`, { method: 'POST' }),
    onSuccess: (_, id) => client.invalidateQueries({ queryKey: ['notices', 'receipts', id] }),
  });
}
