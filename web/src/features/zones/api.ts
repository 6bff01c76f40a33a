import { useQuery } from '@tanstack/react-query';
import type { TZonesReport } from '../../../../contracts/zones.ts';
import { api } from '../../app/api.ts';

export type TZone = TZonesReport['zones'][number];
export type TZoneLevel = TZone['level'];
export type TCheckpoint = TZone['checkpoints'][number];

/** Risk areas of a response in the user's scope; kept under the response's key so an assignment refreshes it. */
export function useZones(responseId: number) {
  return useQuery({
    queryKey: ['responses', 'zones', responseId],
    queryFn: () => api<TZonesReport>(`/responses/${responseId}/zones`),
  });
}
