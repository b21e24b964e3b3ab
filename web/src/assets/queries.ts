// The assets context's reads, shared by the fleet overview and the asset page.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Alarm, AssetModel, AssetPage, Customer } from '../api/types';

export function useAllAssets() {
  return useQuery({
    queryKey: ['assets', 'all'],
    // The demo fleet and a typical tenant fit one page of 500; the list is searched locally.
    queryFn: () =>
      api.get('/api/v1/assets', { query: { pageSize: 500, sort: 'name' } }) as Promise<AssetPage>,
  });
}

export function useModels() {
  return useQuery({
    queryKey: ['asset-models'],
    queryFn: () => api.get<'/api/v1/asset-models', AssetModel[]>('/api/v1/asset-models'),
    staleTime: 5 * 60_000,
  });
}

export function useCustomers() {
  return useQuery({
    queryKey: ['customers'],
    queryFn: () => api.get('/api/v1/customers') as Promise<Customer[]>,
    staleTime: 5 * 60_000,
  });
}

export function useOpenAlarms() {
  return useQuery({
    queryKey: ['alarms', 'open'],
    queryFn: () => api.get<'/api/v1/alarms', Alarm[]>('/api/v1/alarms'),
    refetchInterval: 30_000,
  });
}
