import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { TAssignment, TAssignmentHistoryEntry, TAssignRequest, THolder } from '../../../../contracts/assignments.ts';
import { api } from '../../app/api.ts';

export type TAssignmentRole = THolder['role'];
/** The units the web app assigns people to so far: towns (片长), command units, party organisations, checkpoints (关卡), sampling points (点长). */
export type TAssignableUnit = Extract<TAssignRequest['unitType'], 'town' | 'command_unit' | 'org' | 'checkpoint' | 'point' | 'team'>;

/** Who is responsible changes the structure, the region pages, the sampling points, the gaps report and the units' histories alike. */
export function refreshStructure(client: QueryClient) {
  return client.invalidateQueries({ predicate: (q) => ['responses', 'regions', 'orgs', 'points', 'teams', 'assignments'].includes(String(q.queryKey[0])) });
}

/** Everyone who has held a post in a unit, live and ended, newest first; read when asked for. */
export function useAssignmentHistory(unitType: TAssignableUnit, unitId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['assignments', 'history', unitType, unitId],
    queryFn: () => api<{ items: TAssignmentHistoryEntry[] }>('/assignments/history', { query: { unitType, unitId } }),
    enabled,
  });
}

export function useAssign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TAssignRequest) => api<TAssignment>('/assignments', { method: 'POST', body }),
    onSuccess: () => refreshStructure(client),
  });
}

/** Ends an assignment; the server keeps it in the history. */
export function useEndAssignment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (assignmentId: number) => api<TAssignment>(`/assignments/${assignmentId}/end`, { method: 'POST', body: {} }),
    onSuccess: () => refreshStructure(client),
  });
}
