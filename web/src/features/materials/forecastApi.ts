import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TConsumptionRate, TForecast, TForecastRow, TSetConsumptionRate } from '../../../../contracts/materials.ts';
import { api } from '../../app/api.ts';

export type { TConsumptionRate, TForecast, TForecastRow };

/** The forecast refreshes every minute: the use rate is the last hour's. */
export const useForecast = () =>
  useQuery({ queryKey: ['materials', 'forecast'], queryFn: () => api<TForecast>('/materials/forecast'), refetchInterval: 60_000 });

export const useConsumptionRates = () =>
  useQuery({ queryKey: ['materials', 'consumption-rates'], queryFn: () => api<{ items: TConsumptionRate[]; backlog: number }>('/materials/consumption-rates') });

export function useSetRate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TSetConsumptionRate) => api<TConsumptionRate>('/materials/consumption-rates', { method: 'POST', body }),
    onSettled: () => client.invalidateQueries({ queryKey: ['materials'] }),
  });
}

export function usePostConsumption() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ submissions: number; movements: number; backlog: number }>('/materials/consumption/post', { method: 'POST' }),
    onSettled: () => client.invalidateQueries({ queryKey: ['materials'] }),
  });
}

/** Makes a proposed transfer as proposed. */
export function useTransfer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { fromHolderId: number; toHolderId: number; itemId: number; quantity: number; reason: string }) => api('/materials/transfers', { method: 'POST', body }),
    onSettled: () => client.invalidateQueries({ queryKey: ['materials'] }),
  });
}
