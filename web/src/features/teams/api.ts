import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  TJoinOptions,
  TMyShifts,
  TOnDuty,
  TPost,
  TShift,
  TSignup,
  TSignupReceipt,
  TSignupRequest,
  TSquad,
  TTeamDetail,
  TTeamList,
  TTeamMember,
  TTeamSummary,
} from '../../../../contracts/teams.ts';
import { api } from '../../app/api.ts';

export type { TJoinOptions, TMyShifts, TOnDuty, TPost, TShift, TSignup, TSignupRequest, TSquad, TTeamDetail, TTeamMember, TTeamSummary };
export type TPostType = TPost['postType'];

/** Teams, their pages, shifts and the gaps report all change together. */
function refreshTeams(client: QueryClient) {
  return client.invalidateQueries({ predicate: (q) => ['teams', 'shifts', 'responses'].includes(String(q.queryKey[0])) });
}

export function useTeams() {
  return useQuery({ queryKey: ['teams', 'list'], queryFn: () => api<TTeamList>('/teams') });
}

export function useTeam(id: number) {
  return useQuery({ queryKey: ['teams', 'detail', id], queryFn: () => api<TTeamDetail>(`/teams/${id}`) });
}

export function useTeamPosts(id: number, enabled: boolean) {
  return useQuery({ queryKey: ['teams', 'posts', id], queryFn: () => api<{ items: TPost[] }>(`/teams/${id}/posts`), enabled });
}

export function useMoveMember(teamId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, squadId }: { memberId: number; squadId: number | null }) => api<TTeamDetail>(`/teams/${teamId}/members/${memberId}/move`, { method: 'POST', body: { squadId } }),
    onSettled: () => refreshTeams(client),
  });
}

export function useRemoveMember(teamId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (memberId: number) => api<TTeamDetail>(`/teams/${teamId}/members/${memberId}/leave`, { method: 'POST' }),
    onSettled: () => refreshTeams(client),
  });
}

export function useDecideSignup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reject }: { id: number; reject?: string }) =>
      reject === undefined
        ? api<{ ok: true }>(`/signups/${id}/approve`, { method: 'POST' })
        : api<{ ok: true }>(`/signups/${id}/reject`, { method: 'POST', body: { reason: reject } }),
    onSettled: () => refreshTeams(client),
  });
}

export function useScheduleShift(teamId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { postType: TPostType; postId: number; startsAt: string; endsAt: string; personIds: number[] }) =>
      api<TShift>(`/teams/${teamId}/shifts`, { method: 'POST', body }),
    onSuccess: () => refreshTeams(client),
  });
}

export function useMyShifts() {
  return useQuery({ queryKey: ['shifts', 'mine'], queryFn: () => api<TMyShifts>('/my/shifts'), refetchInterval: 60_000 });
}

export function useSignInOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ shiftId, action }: { shiftId: number; action: 'sign-in' | 'sign-out' }) => api<{ ok: true }>(`/shifts/${shiftId}/${action}`, { method: 'POST' }),
    onSettled: () => refreshTeams(client),
  });
}

/** Who is signed in at a post now; asked again each minute. */
export function useOnDuty(postType: TPostType, postId: number) {
  return useQuery({ queryKey: ['shifts', 'on-duty', postType, postId], queryFn: () => api<TOnDuty>(`/posts/${postType}/${postId}/on-duty`), refetchInterval: 60_000 });
}

/** The public sign-up page's teams and towns → communities (no login). */
export function useJoinOptions() {
  return useQuery({ queryKey: ['public', 'join'], queryFn: () => api<TJoinOptions>('/public/join'), staleTime: 10 * 60_000 });
}

export function useSignUp() {
  return useMutation({ mutationFn: (body: TSignupRequest) => api<TSignupReceipt>('/public/signups', { method: 'POST', body }) });
}
