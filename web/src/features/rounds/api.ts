import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TPointSummary, ZPointList } from '../../../../contracts/points.ts';
import type {
  TCoverage,
  TCoverageReport,
  TOpenRoundRequest,
  TRound,
  TScanBatch,
  TScanResult,
  TUntestedList,
  ZExemptionReason,
  ZGeneratedHomeTasks,
  ZHandOffResult,
  ZHomeSquads,
  ZHomeTasks,
  ZPointCoverage,
  ZRecalls,
  ZResultsReport,
} from '../../../../contracts/rounds.ts';
import { api, apiUrl, download, uploadFile } from '../../app/api.ts';

export type { TCoverage, TCoverageReport, TRound, TUntestedList };
export type TCoverageRow = TCoverageReport['rows'][number];
export type TPointCounts = z.infer<typeof ZPointCoverage>['items'][number];
export type TUntestedPerson = TUntestedList['items'][number];
export type TExemptionReason = z.infer<typeof ZExemptionReason>;
export type TPoolSize = TOpenRoundRequest['defaultPoolSize'];
export type THomeTasks = z.infer<typeof ZHomeTasks>;
export type THomeTaskBuilding = THomeTasks['buildings'][number];
export type THomeTask = THomeTaskBuilding['tasks'][number];
export type THomeTaskReason = THomeTask['reason'];
export type THomeTaskStatus = 'open' | 'done';
export type THomeSquad = z.infer<typeof ZHomeSquads>['items'][number];
export type TGeneratedHomeTasks = z.infer<typeof ZGeneratedHomeTasks>;
export type TResultsReport = z.infer<typeof ZResultsReport>;
export type TRecall = z.infer<typeof ZRecalls>['items'][number];
export type TRecallStatus = TRecall['status'];
/** A grid's untested list, or one building's (a sweep goes building by building). */
export type TUntestedPlace = { gridId: number } | { buildingId: number };

/** Everything of one round sits under this key: a live event refreshes it all at once. */
export const roundKey = (id: number) => ['rounds', 'round', id] as const;
const listKey = (responseId: number) => ['rounds', 'list', responseId] as const;

export function useRounds(responseId: number) {
  return useQuery({
    queryKey: listKey(responseId),
    queryFn: () => api<TRound[]>(`/responses/${responseId}/rounds`),
  });
}

/** One round with its totals: should test, tested, exempt, tubes, visitors. */
export function useRound(id: number) {
  return useQuery({
    queryKey: roundKey(id),
    queryFn: () => api<TRound>(`/rounds/${id}`),
  });
}

/** The parts of a region (towns, communities or grids) with their coverage; the caller's scope without a region. */
export function useCoverage(roundId: number, regionId: number | undefined) {
  return useQuery({
    queryKey: [...roundKey(roundId), 'coverage', regionId ?? 'scope'],
    queryFn: () => api<TCoverageReport>(`/rounds/${roundId}/coverage`, { query: { regionId } }),
    placeholderData: keepPreviousData,
  });
}

export function usePointCounts(roundId: number) {
  return useQuery({
    queryKey: [...roundKey(roundId), 'points'],
    queryFn: () => api<z.infer<typeof ZPointCoverage>>(`/rounds/${roundId}/points`),
  });
}

/** Who is still untested in a grid or a building: masked unless the account may see full numbers. */
export function useUntested(roundId: number, place: TUntestedPlace) {
  return useQuery({
    queryKey: [...roundKey(roundId), 'untested', place],
    queryFn: () => api<TUntestedList>(`/rounds/${roundId}/untested`, { query: place }),
    placeholderData: keepPreviousData,
  });
}

const untestedXlsxPath = (roundId: number) => `/rounds/${roundId}/untested.xlsx`;

/** The spreadsheet's address, for a link that works without script too. */
export const untestedXlsxUrl = (roundId: number, place: TUntestedPlace) => apiUrl(untestedXlsxPath(roundId), place);

/** Downloads the sheet in the user's language (a plain link would get the browser's). */
export const downloadUntested = (roundId: number, place: TUntestedPlace) => download(untestedXlsxPath(roundId), place, 'untested.xlsx');

export function useOpenRound(responseId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TOpenRoundRequest) => api<TRound>(`/responses/${responseId}/rounds`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: listKey(responseId) }),
  });
}

export function useCloseRound() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<TRound>(`/rounds/${id}/close`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['rounds'] }),
  });
}

/** 登记免检: the resident need not be tested this round; the counts move at once. */
export function useRecordExemption(roundId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { idNumber: string; reason: TExemptionReason; note?: string }) =>
      api<{ residentId: number }>(`/rounds/${roundId}/exemptions`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: roundKey(roundId) }),
  });
}

export type TSweepOutcome = NonNullable<TUntestedPerson['lastContact']>['outcome'];
export const SWEEP_OUTCOME_LIST = ['will_come', 'no_answer', 'away', 'refused', 'home_sampling_needed'] as const;

/** 扫楼 / 电话随访: a knock at the door or a call, and what came of it; "needs home sampling" opens a task. */
export function useRecordContact(roundId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { residentId: number; channel: 'door' | 'phone'; outcome: (typeof SWEEP_OUTCOME_LIST)[number] }) =>
      api<{ ok: true }>(`/rounds/${roundId}/contacts`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: roundKey(roundId) }),
  });
}

/** One submission of tubes; a resend of the same submission id counts nothing again. */
export const sendScans = (roundId: number, batch: TScanBatch) => api<TScanResult>(`/rounds/${roundId}/scans`, { method: 'POST', body: batch });

/**
 * The sampling points a registrar may pick from: those in the account's scope. (The points feature
 * owns the points pages; this is only the short list the scanning page needs.)
 */
export function usePointChoices() {
  return useQuery({
    queryKey: ['rounds', 'point-choices'],
    queryFn: async () => (await api<z.infer<typeof ZPointList>>('/points')).items as TPointSummary[],
    staleTime: 5 * 60_000,
  });
}

/** 上门采样: the round's home-sampling tasks, by building, urgent ones first. */
export function useHomeTasks(roundId: number, status: THomeTaskStatus, squadId?: number) {
  return useQuery({
    queryKey: [...roundKey(roundId), 'home-tasks', status, squadId ?? null],
    queryFn: () => api<THomeTasks>(`/rounds/${roundId}/home-tasks`, { query: { status, squadId } }),
    placeholderData: keepPreviousData,
  });
}

/** The door-to-door squads tasks can be handed to, those working in the user's area first. */
export function useHomeSquads(roundId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['rounds', 'home-squads', roundId],
    queryFn: async () => (await api<z.infer<typeof ZHomeSquads>>(`/rounds/${roundId}/home-squads`)).items,
    enabled,
    staleTime: 60_000,
  });
}

/** Hands a building's open tasks to a door-to-door squad. */
export function useHandOff(roundId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { buildingIds: number[]; squadId: number }) => api<z.infer<typeof ZHandOffResult>>(`/rounds/${roundId}/home-tasks/hand-off`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: roundKey(roundId) }),
  });
}

/** Opens tasks for everyone in scope who cannot come (sealed areas, bedridden, disabled, 80 or older); none twice. */
export function useGenerateHomeTasks(roundId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<TGeneratedHomeTasks>(`/rounds/${roundId}/home-tasks/generate`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: roundKey(roundId) }),
  });
}

/** People recalled from positive pools (阳性混管复核) and how their retests came out. */
export function useRecalls(roundId: number) {
  return useQuery({
    queryKey: [...roundKey(roundId), 'recalls'],
    queryFn: () => api<z.infer<typeof ZRecalls>>(`/rounds/${roundId}/recalls`),
  });
}

/** A lab's result file (.xlsx/.csv): all or nothing; a positive pool recalls its people. */
export function useUploadResults(roundId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (percent: number) => void }) =>
      uploadFile<TResultsReport>(`/rounds/${roundId}/results`, {}, file, onProgress),
    onSuccess: () => client.invalidateQueries({ queryKey: roundKey(roundId) }),
  });
}
